using System.Globalization;
using System.Text.Json;

namespace DataGen.Stages.Llm.Onnx;

/// <summary>Reads the per-request backtracking keys of ChatOptions.AdditionalProperties over the backend's defaults.</summary>
internal static class BacktrackingMapping
{
    public static BacktrackingSettings? Resolve(IReadOnlyDictionary<string, object?>? properties, BacktrackingOptions? defaults)
    {
        var enabled = defaults?.Enabled ?? false;
        var max = defaults?.MaxBacktracks ?? new BacktrackingOptions().MaxBacktracks;
        var bias = defaults?.MarkerBias ?? 0f;
        if (properties is not null)
        {
            if (properties.TryGetValue(ChatOptionsMapping.BacktrackingKey, out var on) && on is not null)
                enabled = ToBool(on);
            if (properties.TryGetValue(ChatOptionsMapping.MaxBacktracksKey, out var cap) && cap is not null)
                max = (int)ToNumber(cap, ChatOptionsMapping.MaxBacktracksKey);
            if (properties.TryGetValue(ChatOptionsMapping.MarkerBiasKey, out var b) && b is not null)
                bias = (float)ToNumber(b, ChatOptionsMapping.MarkerBiasKey);
        }
        if (!enabled)
            return null;
        var check = new BacktrackingOptions { Enabled = true, MaxBacktracks = max, MarkerBias = bias };
        if (check.Validate("AdditionalProperties").FirstOrDefault() is { } error)
            throw new ArgumentException(error.Replace("AdditionalProperties.", "AdditionalProperties: ", StringComparison.Ordinal));
        return check.ToSettings();
    }

    private static bool ToBool(object value) => value switch
    {
        bool b => b,
        JsonElement { ValueKind: JsonValueKind.True } => true,
        JsonElement { ValueKind: JsonValueKind.False } => false,
        string s when bool.TryParse(s, out var b) => b,
        _ => throw new ArgumentException($"AdditionalProperties[\"{ChatOptionsMapping.BacktrackingKey}\"] must be true or false (got {value})"),
    };

    private static double ToNumber(object value, string key)
    {
        var number = value switch
        {
            int or long or float or double or decimal or short => Convert.ToDouble(value, CultureInfo.InvariantCulture),
            JsonElement { ValueKind: JsonValueKind.Number } e => e.GetDouble(),
            string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
            _ => double.NaN,
        };
        if (!double.IsFinite(number) || (key == ChatOptionsMapping.MaxBacktracksKey && number != Math.Floor(number)))
            throw new ArgumentException($"AdditionalProperties[\"{key}\"] must be a{(key == ChatOptionsMapping.MaxBacktracksKey ? "n integer" : " number")} (got {value})");
        return number;
    }
}
