using System.Collections.Concurrent;
using DataGen.Stages.Llm.Metering;

namespace DataGen.Stages.Llm.Resilience;

/// <summary>The meters of every backend of one run, and the run's budget (null when no budget is configured).</summary>
public sealed class BackendMeters(BudgetTracker? budget = null)
{
    private readonly ConcurrentDictionary<string, BackendMeter> _meters = new(StringComparer.Ordinal);

    public BudgetTracker? Budget { get; } = budget;

    public IReadOnlyList<BackendMeter> All => [.. _meters.Values.OrderBy(m => m.Name, StringComparer.Ordinal)];

    /// <summary>The meter of a backend, made on first use with a limiter between its min and max concurrency.</summary>
    public BackendMeter For(string name, BackendOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return _meters.GetOrAdd(name, n => new BackendMeter(
            n, options.Type, new AdaptiveConcurrencyLimiter(Math.Min(options.MinConcurrency, options.MaxConcurrency), options.MaxConcurrency)));
    }
}
