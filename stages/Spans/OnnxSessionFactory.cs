using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;

namespace DataGen.Stages.Spans;

/// <summary>Creates an InferenceSession on the requested device, falling back to CPU (with one log line) when CUDA is unavailable.</summary>
internal static class OnnxSessionFactory
{
    public static (InferenceSession Session, string Device) Create(string onnxPath, string device, int intraOpThreads, ILogger logger)
    {
        if (!DeviceSpec.TryParse(device, out var spec))
            throw new ArgumentException($"device '{device}' is not allowed; use auto, cpu, cuda or cuda:N");
        if (spec.Kind != "cpu")
        {
            var cudaOptions = NewOptions(intraOpThreads);
            try
            {
                cudaOptions.AppendExecutionProvider_CUDA(spec.DeviceId);
                var session = new InferenceSession(onnxPath, cudaOptions);
                return (session, $"cuda:{spec.DeviceId}");
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                var reason = e.Message.ReplaceLineEndings(" ");
                if (spec.Kind == "auto")
                    SpanLog.CudaUnavailableUsingCpu(logger, onnxPath, reason);
                else
                    SpanLog.CudaRequestedFallingBackToCpu(logger, device, onnxPath, reason);
            }
            finally
            {
                cudaOptions.Dispose();
            }
        }
        using var cpuOptions = NewOptions(intraOpThreads);
        try
        {
            return (new InferenceSession(onnxPath, cpuOptions), "cpu");
        }
        catch (OnnxRuntimeException e)
        {
            throw new Tokenization.ModelFolderException($"{onnxPath}: ONNX Runtime cannot load the model ({e.Message.ReplaceLineEndings(" ")})", e);
        }
    }

    private static SessionOptions NewOptions(int intraOpThreads)
    {
        var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        if (intraOpThreads > 0)
            options.IntraOpNumThreads = intraOpThreads;
        return options;
    }
}
