using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace DataGen.Stages.Llm.Onnx;

/// <summary>The `type: onnx` backend: an embedded byte-level LM loaded from a model folder (path relative to the config).</summary>
public sealed class OnnxBackendProvider : IChatBackendProvider
{
    public string Type => "onnx";

    public IChatClient Create(string name, BackendOptions options, BackendContext context)
    {
        if (string.IsNullOrWhiteSpace(options.Path))
            throw new ArgumentException($"backends.{name}.path: required for type onnx; point it at a model folder with model.json");
        var folder = Path.GetFullPath(Path.Combine(context.BaseDirectory, options.Path));
        var logger = context.LoggerFactory.CreateLogger<OnnxChatClient>();
        var lm = OnnxCausalLm.Load(folder, options.Device, logger);
        return new OnnxChatClient(lm, options.MaxBatchSize, logger, backtracking: options.Backtracking);
    }
}
