using DataGen.Stages.Emit;

namespace DataGen.Pipeline.Engine;

/// <summary>
/// Told by the engine about every prompt fully written to the sink (in prompt order) so it can commit resume
/// checkpoints; asked to commit when the run stops early (cancellation of any kind, a fault, the failure rate),
/// and told when the sink completed.
/// </summary>
public interface IRunCheckpointer
{
    /// <summary>Stage names in tally order (the feed, then each stage); set by the engine before the run starts.</summary>
    void Start(IReadOnlyList<string> stageNames);

    ValueTask PromptWrittenAsync(PromptTally tally, CancellationToken cancellationToken);

    /// <summary>Commits what was written so far; returns the committed totals of the sink, or null when nothing could be committed.</summary>
    ValueTask<DatasetSummary?> CommitAsync(CancellationToken cancellationToken);

    ValueTask CompletedAsync(DatasetSummary summary, CancellationToken cancellationToken);
}
