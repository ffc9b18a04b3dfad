using System.Diagnostics;
using DataGen.Schemas;

namespace DataGen.Pipeline.Engine;

/// <summary>One stage's counts for one prompt; thread-safe, because rows of one prompt run on several workers at once.</summary>
public sealed class StageTally
{
    private readonly object _usageGate = new();
    private Dictionary<string, TokenUsage>? _usage;
    private long _in;
    private long _out;
    private long _rejected;
    private long _busyTicks;

    public long In => Interlocked.Read(ref _in);
    public long Out => Interlocked.Read(ref _out);
    public long Rejected => Interlocked.Read(ref _rejected);
    public TimeSpan Busy => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _busyTicks));

    public IReadOnlyDictionary<string, TokenUsage> Usage
    {
        get
        {
            lock (_usageGate)
                return _usage is null ? new Dictionary<string, TokenUsage>() : new Dictionary<string, TokenUsage>(_usage, StringComparer.Ordinal);
        }
    }

    internal void AddIn() => Interlocked.Increment(ref _in);
    internal void AddOut() => Interlocked.Increment(ref _out);
    internal void AddRejected() => Interlocked.Increment(ref _rejected);
    internal void AddBusy(long stopwatchTicks) => Interlocked.Add(ref _busyTicks, stopwatchTicks);

    internal void AddUsageOf(object output)
    {
        var (backend, usage) = output switch
        {
            Sample sample => (sample.Backend, sample.Usage),
            FinishedSample { Correction: { } correction } => (correction.Backend, correction.Usage),
            _ => (null, null),
        };
        if (backend is null || usage is null)
            return;
        lock (_usageGate)
        {
            _usage ??= new Dictionary<string, TokenUsage>(StringComparer.Ordinal);
            _usage[backend] = _usage.TryGetValue(backend, out var total) ? total.Add(usage) : usage;
        }
    }
}
