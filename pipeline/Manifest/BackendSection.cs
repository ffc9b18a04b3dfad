using DataGen.Stages.Llm.Resilience;

namespace DataGen.Pipeline.Manifest;

/// <summary>Turns the run's backend meters and budget into the manifest's `backends` and `budget` sections.</summary>
public static class BackendSection
{
    public static IReadOnlyDictionary<string, ManifestBackend>? Backends(BackendMeters? meters)
    {
        if (meters is null || meters.All.Count == 0)
            return null;
        var costs = meters.Budget?.CostByBackend;
        return new SortedDictionary<string, ManifestBackend>(
            meters.All.ToDictionary(m => m.Name, m => ToBackend(m, costs?.TryGetValue(m.Name, out var cost) == true ? cost : null)),
            StringComparer.Ordinal);
    }

    public static ManifestBudget? Budget(BackendMeters? meters) => meters?.Budget is not { } budget
        ? null
        : new ManifestBudget(
            budget.Options.Currency, budget.Options.MaxCost, budget.Options.MaxTokens, budget.SpentCost, budget.SpentTokens, budget.IsExhausted, budget.ExhaustedCap);

    private static ManifestBackend ToBackend(BackendMeter meter, double? cost)
    {
        var limiter = meter.Limiter;
        var usage = meter.Usage;
        return new ManifestBackend(
            meter.Type,
            meter.Requests,
            meter.Attempts,
            meter.Retries,
            meter.RetriesByCause,
            meter.Failures,
            meter.FailuresByCause,
            meter.RateLimited,
            meter.BreakerOpens,
            new ManifestConcurrency(limiter.MinLimit, limiter.MaxLimit, limiter.LowestLimit, limiter.CurrentLimit, limiter.Decreases),
            new ManifestTokenUsage(usage.InputTokens, usage.OutputTokens, usage.TotalTokens),
            cost);
    }
}
