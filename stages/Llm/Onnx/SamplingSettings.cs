namespace DataGen.Stages.Llm.Onnx;

/// <summary>How one request picks its tokens and when it stops.</summary>
public sealed record SamplingSettings
{
    /// <summary>0 = greedy.</summary>
    public float Temperature { get; init; } = 1f;

    /// <summary>0 = no top-k cut.</summary>
    public int TopK { get; init; }

    /// <summary>1 = no nucleus cut.</summary>
    public float TopP { get; init; } = 1f;

    /// <summary>Null = an unseeded generator (not reproducible).</summary>
    public long? Seed { get; init; }

    /// <summary>Added to the raw logits of the given token ids before temperature.</summary>
    public IReadOnlyDictionary<int, float> LogitBias { get; init; } = new Dictionary<int, float>();

    /// <summary>Most generated tokens (EOS included); the model's max_positions also caps generation.</summary>
    public int MaxNewTokens { get; init; } = int.MaxValue;

    /// <summary>Generation stops when the decoded text contains one; the stop text is not returned.</summary>
    public IReadOnlyList<string> StopSequences { get; init; } = [];

    /// <summary>Null = markers come back as their names; otherwise they are applied to the visible text (stops match it too).</summary>
    public BacktrackingSettings? Backtracking { get; init; }
}
