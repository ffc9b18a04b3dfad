using DataGen.Pipeline.Config;
using DataGen.Stages.Evaluation;
using DataGen.Stages.Llm;
using DataGen.Stages.Llm.Onnx;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace DataGen.Pipeline.Eval;

/// <summary>
/// Turns a --model argument into a model under evaluation: an ONNX model folder (model.json; decoded with backtracking)
/// or backend:NAME from the config (onnx backends get the backtracking keys per request; servers are used as they are).
/// </summary>
internal sealed class EvalTargetFactory(LoadedConfig? config, string device, int batchSize, int? maxBacktracks, float? markerBias, ILoggerFactory loggers)
{
    public const string BackendPrefix = "backend:";

    public EvalTarget Create(string model)
    {
        if (model.StartsWith(BackendPrefix, StringComparison.Ordinal))
            return FromBackend(model, model[BackendPrefix.Length..]);
        var folder = Path.GetFullPath(model);
        if (!File.Exists(Path.Combine(folder, CausalLmDescriptor.FileName)))
            throw new ArgumentException($"--model {model}: {folder} has no {CausalLmDescriptor.FileName}; give an ONNX model folder or backend:NAME from --config");
        var lm = OnnxCausalLm.Load(folder, device, loggers.CreateLogger<OnnxChatClient>());
        var backtracking = new BacktrackingOptions { Enabled = true, MaxBacktracks = maxBacktracks ?? new BacktrackingOptions().MaxBacktracks, MarkerBias = markerBias ?? 0f };
        var client = new OnnxChatClient(lm, batchSize, loggers.CreateLogger<OnnxChatClient>(), backtracking: backtracking);
        return new EvalTarget(model, "onnx", lm.Descriptor.Name, client, true, new Dictionary<string, object?>());
    }

    private EvalTarget FromBackend(string model, string name)
    {
        if (config is null)
            throw new ArgumentException($"--model {model}: a backend needs --config pipeline.yaml that defines backends.{name}");
        if (!config.Config.Backends.TryGetValue(name, out var options))
            throw new ArgumentException($"--model {model}: {config.ConfigPath} has no backends.{name}; defined: {string.Join(", ", config.Config.Backends.Keys.Order(StringComparer.Ordinal))}");
        var registry = new ChatBackendRegistry().Register(new OnnxBackendProvider());
        var client = registry.Create(name, options, new BackendContext(config.BaseDirectory, loggers));
        var properties = new Dictionary<string, object?>();
        var embedded = options.Type == "onnx";
        if (embedded)
        {
            properties[ChatOptionsMapping.BacktrackingKey] = true;
            if (maxBacktracks is { } max)
                properties[ChatOptionsMapping.MaxBacktracksKey] = max;
            if (markerBias is { } bias)
                properties[ChatOptionsMapping.MarkerBiasKey] = bias;
        }
        var modelName = client.GetService<ChatClientMetadata>()?.DefaultModelId ?? options.Model ?? name;
        return new EvalTarget(model, options.Type, modelName, client, embedded, properties);
    }
}
