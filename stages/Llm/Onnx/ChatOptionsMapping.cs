using System.Globalization;
using Microsoft.Extensions.AI;

namespace DataGen.Stages.Llm.Onnx;

/// <summary>
/// ChatOptions -> SamplingSettings, including AdditionalProperties["logit_bias"] keyed by token id or special-token name,
/// and the backtracking keys ("backtracking", "max_backtracks", "marker_bias") over the backend's defaults.
/// </summary>
public static class ChatOptionsMapping
{
    public const string LogitBiasKey = "logit_bias";
    public const string BacktrackingKey = "backtracking";
    public const string MaxBacktracksKey = "max_backtracks";
    public const string MarkerBiasKey = "marker_bias";

    public static SamplingSettings ToSettings(ChatOptions? options, CausalLmDescriptor model) => ToSettings(options, model, null);

    /// <param name="backtracking">The backend's backtracking defaults (null: off unless the request turns it on).</param>
    public static SamplingSettings ToSettings(ChatOptions? options, CausalLmDescriptor model, BacktrackingOptions? backtracking)
    {
        var settings = Sampling(options, model);
        return BacktrackingMapping.Resolve(options?.AdditionalProperties, backtracking) is { } resolved
            ? settings with { Backtracking = resolved, LogitBias = WithMarkerBias(settings.LogitBias, resolved.MarkerBias, model) }
            : settings;
    }

    private static Dictionary<int, float> WithMarkerBias(IReadOnlyDictionary<int, float> bias, float markerBias, CausalLmDescriptor model)
    {
        var combined = new Dictionary<int, float>(bias);
        if (markerBias != 0f)
        {
            foreach (var id in model.SpecialTokens.Values)
                combined[id] = (combined.TryGetValue(id, out var b) ? b : 0f) + markerBias;
        }
        return combined;
    }

    private static SamplingSettings Sampling(ChatOptions? options, CausalLmDescriptor model)
    {
        if (options is null)
            return new SamplingSettings();
        if (options.MaxOutputTokens is < 1)
            throw new ArgumentException($"MaxOutputTokens must be at least 1 (got {options.MaxOutputTokens})", nameof(options));
        if (options.Temperature is < 0)
            throw new ArgumentException($"Temperature must be >= 0 (got {options.Temperature})", nameof(options));
        if (options.TopP is <= 0 or > 1)
            throw new ArgumentException($"TopP must be in (0, 1] (got {options.TopP})", nameof(options));
        if (options.TopK is < 0)
            throw new ArgumentException($"TopK must be >= 0 (got {options.TopK})", nameof(options));
        return new SamplingSettings
        {
            Temperature = options.Temperature ?? 1f,
            TopK = options.TopK ?? 0,
            TopP = options.TopP ?? 1f,
            Seed = options.Seed,
            MaxNewTokens = options.MaxOutputTokens ?? int.MaxValue,
            StopSequences = options.StopSequences is { } stops ? [.. stops] : [],
            LogitBias = LogitBias(options, model),
        };
    }

    private static Dictionary<int, float> LogitBias(ChatOptions options, CausalLmDescriptor model)
    {
        var bias = new Dictionary<int, float>();
        if (options.AdditionalProperties is null || !options.AdditionalProperties.TryGetValue(LogitBiasKey, out var value) || value is null)
            return bias;
        switch (value)
        {
            case IEnumerable<KeyValuePair<int, float>> byId:
                foreach (var (id, b) in byId)
                    bias[CheckId(id, model)] = b;
                break;
            case IEnumerable<KeyValuePair<string, float>> byName:
                foreach (var (key, b) in byName)
                    bias[Resolve(key, model)] = b;
                break;
            default:
                throw new ArgumentException($"AdditionalProperties[\"{LogitBiasKey}\"] is a {value.GetType().Name}; give an IDictionary<int,float> or IDictionary<string,float>", nameof(options));
        }
        return bias;
    }

    private static int Resolve(string key, CausalLmDescriptor model)
    {
        if (model.SpecialTokens.TryGetValue(key, out var id))
            return id;
        if (int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out id))
            return CheckId(id, model);
        throw new ArgumentException($"logit_bias key '{key}' is neither a token id nor a special token of {model.Name} (e.g. [RESET])");
    }

    private static int CheckId(int id, CausalLmDescriptor model) =>
        id >= 0 && id < model.VocabSize ? id
            : throw new ArgumentException($"logit_bias token id {id} is outside the vocabulary [0, {model.VocabSize - 1}] of {model.Name}");
}
