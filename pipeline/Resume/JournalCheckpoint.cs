using DataGen.Pipeline.Engine;

namespace DataGen.Pipeline.Resume;

/// <summary>
/// A commit: the part files complete so far (relative to the run folder, in order), the first PromptsCommitted
/// feed items fully written to them, and the counts over those prompts. Complete marks the final commit.
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
    bool Complete);
