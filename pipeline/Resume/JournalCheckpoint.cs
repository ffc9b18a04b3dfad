using DataGen.Pipeline.Engine;

namespace DataGen.Pipeline.Resume;

/// <summary>
/// A commit: the part files complete so far (relative to the run folder, in order), the first PromptsCommitted
/// feed items fully written to them, and the counts over those prompts. Complete marks the final commit. Spend is the
/// run's budget spend so far (all sessions) when a budget is metered, so a session killed before its manifest still
/// passes on what it spent up to its last commit.
/// </summary>
public sealed record JournalCheckpoint(
    int Session,
    long Number,
    long PromptsCommitted,
    string? LastPromptId,
    IReadOnlyList<string> Files,
    IReadOnlyDictionary<string, long> RowsPerOutput,
    IReadOnlyDictionary<string, long> DpoPairsByKind,
    IReadOnlyDictionary<string, long> Skipped,
    RunTotals Totals,
    bool Complete,
    JournalSpend? Spend = null);

/// <summary>Budget spend at a commit: cost in the budget's currency and tokens, both cumulative over the run.</summary>
public sealed record JournalSpend(double Cost, long Tokens);
