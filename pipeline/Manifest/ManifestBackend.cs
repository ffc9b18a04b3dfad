namespace DataGen.Pipeline.Manifest;

/// <summary>
/// What one backend did: requests and tries, retries and final failures by cause (status_500, status_429, timeout,
/// connection, malformed_json, breaker_open), 429 replies, breaker opens, its concurrency limit, the tokens of every
/// reply it returned (including replies a stage discarded) and their cost when budget.prices names it.
/// </summary>
public sealed record ManifestBackend(
    string Type,
    long Requests,
    long Attempts,
    long Retries,
    IReadOnlyDictionary<string, long> RetriesByCause,
    long Failures,
    IReadOnlyDictionary<string, long> FailuresByCause,
    long RateLimited,
    long BreakerOpens,
    ManifestConcurrency Concurrency,
    ManifestTokenUsage Usage,
    double? Cost);

/// <summary>The adaptive concurrency limit: its bounds, the lowest it fell to, where it ended and how often it was halved.</summary>
public sealed record ManifestConcurrency(int Min, int Max, int Lowest, int Final, int Decreases);

/// <summary>The budget section: caps, what was spent, and which cap stopped the run (null when none did).</summary>
public sealed record ManifestBudget(string Currency, double? MaxCost, long? MaxTokens, double SpentCost, long SpentTokens, bool Exhausted, string? Cap);
