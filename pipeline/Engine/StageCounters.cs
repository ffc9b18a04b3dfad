using System.Collections.Concurrent;
using System.Diagnostics;
using DataGen.Schemas;

namespace DataGen.Pipeline.Engine;

/// <summary>Live, thread-safe counters of one stage, read by the progress display and the manifest.</summary>
public sealed class StageCounters(string name, int degreeOfParallelism)
{
    private long _in;
    private long _out;
    private long _rejected;
    private long _busyTicks;
    private readonly ConcurrentDictionary<string, TokenUsage> _usageByBackend = new(StringComparer.Ordinal);

    public string Name { get; } = name;
    public int DegreeOfParallelism { get; } = degreeOfParallelism;
    public long In => Interlocked.Read(ref _in);
    public long Out => Interlocked.Read(ref _out);
    public long Rejected => Interlocked.Read(ref _rejected);
    public TimeSpan Busy => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _busyTicks));

    internal void AddIn()
    {
        Interlocked.Increment(ref _in);
        DataGen.Stages.Telemetry.DataGenMetrics.AddStageIn(Name);
    }

    internal void AddOut()
    {
        Interlocked.Increment(ref _out);
        DataGen.Stages.Telemetry.DataGenMetrics.AddStageOut(Name);
    }

    internal void AddRejected() => Interlocked.Increment(ref _rejected);
    internal void AddBusy(long stopwatchTicks) => Interlocked.Add(ref _busyTicks, stopwatchTicks);

    internal void AddUsage(string backend, TokenUsage usage) =>
        _usageByBackend.AddOrUpdate(backend, usage, (_, total) => total.Add(usage));

    public IReadOnlyDictionary<string, TokenUsage> UsageByBackend =>
        new SortedDictionary<string, TokenUsage>(_usageByBackend, StringComparer.Ordinal);

    /// <summary>Token usage carried by a stage's output record (sampled text, verified correction).</summary>
    internal void AddUsageOf(object output)
    {
        switch (output)
        {
            case Sample sample:
                AddUsage(sample.Backend, sample.Usage);
                break;
            case FinishedSample { Correction: { } correction }:
                AddUsage(correction.Backend, correction.Usage);
                break;
        }
    }
}
