namespace DataGen.Pipeline.Engine;

/// <summary>How the engine runs: channel and reorder bounds, failure policy, sequential mode and prompt limit.</summary>
public sealed record EngineOptions
{
    /// <summary>Capacity of each bounded channel between stages (writers wait when full).</summary>
    public int ChannelCapacity { get; init; } = 64;

    /// <summary>Most prompts admitted but not yet written to the sink: bounds the reorder buffer.</summary>
    public int ReorderWindow { get; init; } = 1024;

    public FailureRatePolicy FailurePolicy { get; init; } = new(0.5, 20);

    /// <summary>One row at a time through all stages, depth-first (a debugging mode; same output order).</summary>
    public bool Sequential { get; init; }

    /// <summary>Read at most this many prompt-source items; null reads all.</summary>
    public long? Limit { get; init; }
}
