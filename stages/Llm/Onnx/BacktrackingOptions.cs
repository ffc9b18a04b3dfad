namespace DataGen.Stages.Llm.Onnx;

/// <summary>
/// pipeline.yaml `backends.NAME.backtracking:` (onnx only): apply the model's markers while decoding, so the response
/// holds only the visible text. Requests may override each value through ChatOptions.AdditionalProperties.
/// </summary>
public sealed class BacktrackingOptions : IValidatedOptions
{
    /// <summary>Off: markers come back as their names in the text (what the data pipeline reads).</summary>
    public bool Enabled { get; set; }

    /// <summary>Backtracks allowed per response; after that every marker is masked out of sampling.</summary>
    public int MaxBacktracks { get; set; } = 4;

    /// <summary>Added to every marker's logit (negative = fewer backtracks: the safety/efficiency knob).</summary>
    public float MarkerBias { get; set; }

    public IEnumerable<string> Validate(string keyPath)
    {
        if (MaxBacktracks is < 0 or > 1000)
            yield return $"{keyPath}.max_backtracks: must be between 0 and 1000 (got {MaxBacktracks})";
        if (!float.IsFinite(MarkerBias) || MarkerBias is < -100 or > 100)
            yield return $"{keyPath}.marker_bias: must be a number in [-100, 100] (got {MarkerBias})";
    }

    /// <summary>The per-request form, or null when off.</summary>
    public BacktrackingSettings? ToSettings() => Enabled ? new BacktrackingSettings(MaxBacktracks, MarkerBias) : null;
}
