namespace DataGen.Pipeline.Engine;

/// <summary>Counts over the prompts committed so far, over all sessions of a run (stored in the resume journal).</summary>
public sealed record RunTotals(
    long PromptsCommitted,
    long RowsWritten,
    long RejectsWritten,
    IReadOnlyDictionary<string, long> RejectsByReason,
    IReadOnlyList<StageTotals> Stages)
{
    public static RunTotals Empty { get; } = new(0, 0, 0, new Dictionary<string, long>(), []);
}
