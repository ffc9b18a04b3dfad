using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;

namespace DataGen.Stages.Llm.Onnx;

/// <summary>Turns `auto | cpu | cuda[:N]` into session options; CUDA that cannot be had falls back to CPU with one log line.</summary>
internal static class ExecutionDeviceSelector
{
    private const string CudaProvider = "CUDAExecutionProvider";

    public static (SessionOptions Options, string Device) Create(string device, ILogger logger)
    {
        if (!DeviceSpec.TryParse(device, out var spec))
            throw new ArgumentException($"device '{device}' is not allowed; use auto, cpu, cuda or cuda:N", nameof(device));
        var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        if (spec.Kind == "cpu")
            return (options, "cpu");
        string reason;
        if (!OrtEnv.Instance().GetAvailableProviders().Contains(CudaProvider))
        {
            reason = "this ONNX Runtime build has no CUDA provider (build with -p:OnnxRuntimeFlavor=Gpu)";
        }
        else
        {
            try
            {
                options.AppendExecutionProvider_CUDA(spec.DeviceId);
                return (options, $"cuda:{spec.DeviceId}");
            }
            catch (Exception ex) when (ex is OnnxRuntimeException or EntryPointNotFoundException or DllNotFoundException)
            {
                reason = ex.Message.ReplaceLineEndings(" ");
            }
        }
        if (spec.Kind == "auto")
            OnnxLog.AutoDeviceIsCpu(logger, reason);
        else
            OnnxLog.CudaFallback(logger, device, reason);
        return (options, "cpu");
    }
}
