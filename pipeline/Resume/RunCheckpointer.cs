using DataGen.Pipeline.Engine;
using DataGen.Stages.Emit;
using DataGen.Stages.Llm.Metering;
using Microsoft.Extensions.Logging;

namespace DataGen.Pipeline.Resume;

/// <summary>
/// Commits a checkpoint every PartRows prompts, when the run stops early, and at completion. Order per commit:
/// the sink closes its parts (sync, rename, folder sync), then the journal line is appended and synced, so a
/// crash at any point leaves either the previous checkpoint or this one, never rows counted twice.
/// Called only by the engine's single sink writer. With a budget, each commit also records the spend so far.
/// </summary>
public sealed class RunCheckpointer(
    ICheckpointableSink sink, RunJournal journal, string runFolder, int session, int partRows, RunTotals start, ILogger logger,
    BudgetTracker? budget = null) : IRunCheckpointer
{
    private RunTotalsBuilder? _totals;
    private long _sinceCommit;
    private long _number;
    private string? _lastPromptId;

    /// <summary>The last checkpoint committed by this session, null before the first.</summary>
    public JournalCheckpoint? Last { get; private set; }

    public void Start(IReadOnlyList<string> stageNames) => _totals = new RunTotalsBuilder(start, stageNames);

    public async ValueTask PromptWrittenAsync(PromptTally tally, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tally);
        Totals.Add(tally);
        _lastPromptId = tally.PromptId;
        if (++_sinceCommit >= partRows)
            await CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<DatasetSummary?> CommitAsync(CancellationToken cancellationToken)
    {
        var summary = await sink.CheckpointAsync(cancellationToken).ConfigureAwait(false);
        await AppendAsync(summary, complete: false, cancellationToken).ConfigureAwait(false);
        return summary;
    }

    public async ValueTask CompletedAsync(DatasetSummary summary, CancellationToken cancellationToken) =>
        await AppendAsync(summary, complete: true, cancellationToken).ConfigureAwait(false);

    private RunTotalsBuilder Totals => _totals ?? throw new InvalidOperationException("the checkpointer was not started");

    private async Task AppendAsync(DatasetSummary summary, bool complete, CancellationToken cancellationToken)
    {
        var checkpoint = new JournalCheckpoint(
            session,
            ++_number,
            Totals.PromptsCommitted,
            _lastPromptId ?? Last?.LastPromptId,
            [.. summary.Files.Select(f => Path.GetRelativePath(runFolder, f).Replace('\\', '/'))],
            summary.RowsPerOutput,
            summary.DpoPairsByKind,
            summary.Skipped,
            Totals.Build(),
            complete,
            budget is null ? null : new JournalSpend(budget.SpentCost, budget.SpentTokens));
        await journal.AppendAsync(new JournalEntry(Checkpoint: checkpoint), cancellationToken).ConfigureAwait(false);
        _sinceCommit = 0;
        Last = checkpoint;
        ResumeLog.CheckpointCommitted(logger, checkpoint.Number, checkpoint.PromptsCommitted);
    }
}
