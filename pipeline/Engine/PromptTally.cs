namespace DataGen.Pipeline.Engine;

/// <summary>
/// What one prompt cost and produced: counts per stage (feed first) and rows/rejects written. Summed over the
/// prompts a checkpoint committed, it gives the counts a resumed run carries on from (work on uncommitted prompts
/// is redone by the resumed run, so it must not be counted twice).
/// </summary>
public sealed class PromptTally
{
    private readonly StageTally[] _stages;
    private readonly Dictionary<string, long> _rejectsByReason = new(StringComparer.Ordinal);

    public PromptTally(int stageCount)
    {
        _stages = new StageTally[stageCount + 1];
        for (var i = 0; i < _stages.Length; i++)
            _stages[i] = new StageTally();
    }

    public StageTally Feed => _stages[0];

    /// <summary>The prompt's id (of the unparsable source row for a feed reject); lets a resume check the source did not change.</summary>
    public string? PromptId { get; internal set; }

    /// <summary>The feed, then each stage in chain order.</summary>
    public IReadOnlyList<StageTally> All => _stages;

    public long RowsWritten { get; private set; }
    public long RejectsWritten { get; private set; }
    public IReadOnlyDictionary<string, long> RejectsByReason => _rejectsByReason;

    public StageTally Stage(int index) => _stages[index + 1];

    // Rows are written by the single sink writer, so these need no lock.
    internal void AddRowWritten() => RowsWritten++;

    internal void AddRejectWritten(string reason)
    {
        RejectsWritten++;
        _rejectsByReason[reason] = _rejectsByReason.GetValueOrDefault(reason) + 1;
    }
}
