using Microsoft.Extensions.Logging;

namespace DataGen.Stages.Llm.Onnx;

/// <summary>All log messages of the embedded ONNX backend.</summary>
internal static partial class OnnxLog
{
    [LoggerMessage(EventId = 4100, Level = LogLevel.Information, Message = "ONNX LM {Name} loaded on {Device} ({Layers} layers, vocab {Vocab})")]
    public static partial void ModelLoaded(ILogger logger, string name, string device, int layers, int vocab);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning, Message = "device '{Requested}' requested but CUDA is unavailable, falling back to CPU: {Reason}")]
    public static partial void CudaFallback(ILogger logger, string requested, string reason);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Information, Message = "device auto: using CPU ({Reason})")]
    public static partial void AutoDeviceIsCpu(ILogger logger, string reason);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Debug, Message = "ONNX LM batch of {Count} request(s) started")]
    public static partial void BatchStarted(ILogger logger, int count);

    [LoggerMessage(EventId = 4104, Level = LogLevel.Error, Message = "ONNX LM batch of {Count} request(s) failed")]
    public static partial void BatchFailed(ILogger logger, Exception exception, int count);
}
