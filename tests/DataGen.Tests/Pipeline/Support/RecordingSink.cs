using DataGen.Schemas;
using DataGen.Stages.Emit;

namespace DataGen.Tests.Pipeline.Support;

/// <summary>A sink that keeps what it was given, in order, and whether it was completed or aborted.</summary>
internal sealed class RecordingSink(Func<CancellationToken, Task>? beforeWrite = null) : IDatasetSink
{
    private readonly object _gate = new();
    private readonly List<object> _written = [];

    public Action? OnWrite { get; set; }
    public bool Completed { get; private set; }
    public bool Disposed { get; private set; }

    /// <summary>Everything written, rows and rejects interleaved as received.</summary>
    public IReadOnlyList<object> Written
    {
        get
        {
            lock (_gate)
                return [.. _written];
        }
    }

    public IReadOnlyList<FinishedSample> Rows => [.. Written.OfType<FinishedSample>()];
    public IReadOnlyList<RejectRecord> Rejects => [.. Written.OfType<RejectRecord>()];

    /// <summary>The written sequence as "p0001#2" (row) or "p0001#2!reason@stage" (reject).</summary>
    public IReadOnlyList<string> Trace => [.. Written.Select(w => w switch
    {
        FinishedSample row => row.Key.ToString(),
        RejectRecord reject => $"{reject.PromptId}#{reject.SampleIndex}!{reject.Reason}@{reject.Stage}",
        _ => "?",
    })];

    public async ValueTask WriteAsync(FinishedSample row, CancellationToken cancellationToken)
    {
        if (beforeWrite is not null)
            await beforeWrite(cancellationToken);
        Record(row);
    }

    public async ValueTask WriteRejectAsync(RejectRecord reject, CancellationToken cancellationToken)
    {
        if (beforeWrite is not null)
            await beforeWrite(cancellationToken);
        Record(reject);
    }

    public ValueTask<DatasetSummary> CompleteAsync(CancellationToken cancellationToken)
    {
        Completed = true;
        var rows = Rows.Count;
        var summary = new DatasetSummary(
            new Dictionary<string, long> { ["samples"] = rows, ["rejects"] = Rejects.Count },
            new Dictionary<string, long> { ["clean"] = rows },
            ["samples.parquet", "rejects.parquet"]);
        return ValueTask.FromResult(summary);
    }

    public ValueTask DisposeAsync()
    {
        Disposed = true;
        return ValueTask.CompletedTask;
    }

    private void Record(object item)
    {
        lock (_gate)
            _written.Add(item);
        OnWrite?.Invoke();
    }
}
