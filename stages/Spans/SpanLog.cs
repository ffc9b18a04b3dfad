using Microsoft.Extensions.Logging;

namespace DataGen.Stages.Spans;

/// <summary>All log messages of the span classifier in one place.</summary>
internal static partial class SpanLog
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "device auto: CUDA execution provider unavailable for {Model} ({Reason}); using CPU")]
    public static partial void CudaUnavailableUsingCpu(ILogger logger, string model, string reason);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "device {Device} was requested but the CUDA execution provider is unavailable for {Model} ({Reason}); falling back to CPU (build with -p:OnnxRuntimeFlavor=Gpu on a CUDA host)")]
    public static partial void CudaRequestedFallingBackToCpu(ILogger logger, string device, string model, string reason);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Information, Message = "token classifier {Name} loaded from {Model} on {Device}: window {Window} tokens, overlap {Overlap}, threshold {Threshold}, batch {BatchSize}")]
    public static partial void ClassifierLoaded(ILogger logger, string name, string model, string device, int window, int overlap, float threshold, int batchSize);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Error, Message = "token classifier batch of {Windows} windows failed")]
    public static partial void BatchFailed(ILogger logger, int windows, Exception exception);
}
