using System.Collections.Concurrent;
using System.Diagnostics;

namespace DataGen.Pipeline.Engine;

/// <summary>Live counters of a whole run: the prompt feed, each stage and what reached the sink.</summary>
public sealed class RunCounters
{
    public const string FeedStageName = "prompts";

    private long _rowsWritten;
    private long _rejectsWritten;
    private long _promptsDone;
    private readonly long _startTimestamp = Stopwatch.GetTimestamp();
    private readonly ConcurrentDictionary<string, long> _rejectsByReason = new(StringComparer.Ordinal);

    public RunCounters(IEnumerable<StageCounters> stages, long? promptTotal)
    {
        Feed = new StageCounters(FeedStageName, 1);
        Stages = [.. stages];
        PromptTotal = promptTotal;
    }

    public StageCounters Feed { get; }
    public IReadOnlyList<StageCounters> Stages { get; }

    /// <summary>Prompts the run will read when known (for the ETA).</summary>
    public long? PromptTotal { get; }

    public long RowsWritten => Interlocked.Read(ref _rowsWritten);
    public long RejectsWritten => Interlocked.Read(ref _rejectsWritten);
    public long RowsProcessed => RowsWritten + RejectsWritten;
    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(_startTimestamp);

    public IReadOnlyDictionary<string, long> RejectsByReason =>
        new SortedDictionary<string, long>(_rejectsByReason, StringComparer.Ordinal);

    /// <summary>Prompts whose rows have all reached the sink.</summary>
    public long PromptsDone => Interlocked.Read(ref _promptsDone);

    internal void AddRowWritten() => Interlocked.Increment(ref _rowsWritten);

    internal void AddRejectWritten(string reason)
    {
        Interlocked.Increment(ref _rejectsWritten);
        _rejectsByReason.AddOrUpdate(reason, 1, (_, n) => n + 1);
    }

    internal void AddPromptDone() => Interlocked.Increment(ref _promptsDone);
}
