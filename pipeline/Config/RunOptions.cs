using DataGen.Stages;

namespace DataGen.Pipeline.Config;

/// <summary>pipeline.yaml `run:` section: engine settings that belong to no stage.</summary>
public sealed class RunOptions : IValidatedOptions
{
    /// <summary>Run seed: every random choice derives from it (SeedDeriver).</summary>
    public long Seed { get; set; } = 1234;

    /// <summary>Output root; each run writes to output/runs/&lt;utc time&gt; unless --out is given.</summary>
    public string Output { get; set; } = "output";

    /// <summary>The run fails when rejects / rows processed exceeds this share.</summary>
    public double MaxFailureRate { get; set; } = 0.5;

    /// <summary>Rows processed before the failure rate is judged.</summary>
    public int MinRowsForFailureRate { get; set; } = 20;

    /// <summary>Capacity of each bounded channel between stages.</summary>
    public int ChannelCapacity { get; set; } = 64;

    /// <summary>Most prompts in flight between the prompt reader and the sink (bounds the reorder buffer).</summary>
    public int ReorderWindow { get; set; } = 1024;

    /// <summary>LLM replay cache: true (RUN/llm-cache.sqlite), false (off) or a file path (shared between runs).</summary>
    public string ReplayCache { get; set; } = "true";

    public IEnumerable<string> Validate(string keyPath)
    {
        if (string.IsNullOrWhiteSpace(ReplayCache))
            yield return $"{keyPath}.replay_cache: must be true, false or a file path such as cache/llm.sqlite";
        if (Seed < 0)
            yield return $"{keyPath}.seed: must be >= 0 (got {Seed})";
        if (string.IsNullOrWhiteSpace(Output))
            yield return $"{keyPath}.output: must not be empty; use a folder such as output";
        if (MaxFailureRate is < 0 or > 1)
            yield return $"{keyPath}.max_failure_rate: must be between 0 and 1 (got {MaxFailureRate})";
        if (MinRowsForFailureRate < 0)
            yield return $"{keyPath}.min_rows_for_failure_rate: must be >= 0 (got {MinRowsForFailureRate})";
        if (ChannelCapacity is < 1 or > 1_000_000)
            yield return $"{keyPath}.channel_capacity: must be between 1 and 1000000 (got {ChannelCapacity})";
        if (ReorderWindow is < 1 or > 1_000_000)
            yield return $"{keyPath}.reorder_window: must be between 1 and 1000000 (got {ReorderWindow})";
    }
}
