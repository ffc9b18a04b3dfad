using System.Collections.Concurrent;
using DataGen.Schemas;

namespace DataGen.Stages.Llm.Resilience;

/// <summary>
/// Live, thread-safe counters of one backend, filled by its HTTP resilience pipeline (tries, retries by cause,
/// failures, 429s, breaker opens), its adaptive concurrency limiter and its usage meter; read for the manifest.
/// </summary>
public sealed class BackendMeter(string name, string type, AdaptiveConcurrencyLimiter limiter)
{
    private readonly ConcurrentDictionary<string, long> _retriesByCause = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _failuresByCause = new(StringComparer.Ordinal);
    private long _requests;
    private long _attempts;
    private long _rateLimited;
    private long _breakerOpens;
    private long _inputTokens;
    private long _outputTokens;

    public string Name { get; } = name;
    public string Type { get; } = type;
    public AdaptiveConcurrencyLimiter Limiter { get; } = limiter;

    /// <summary>Requests sent (each may take several tries).</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>Tries sent over HTTP, retries included.</summary>
    public long Attempts => Interlocked.Read(ref _attempts);

    /// <summary>Replies with status 429, retried or not.</summary>
    public long RateLimited => Interlocked.Read(ref _rateLimited);

    public long BreakerOpens => Interlocked.Read(ref _breakerOpens);
    public long Retries => _retriesByCause.Values.Sum();
    public long Failures => _failuresByCause.Values.Sum();

    public IReadOnlyDictionary<string, long> RetriesByCause => new SortedDictionary<string, long>(_retriesByCause, StringComparer.Ordinal);

    /// <summary>Requests that failed after their last try, by the cause of that try.</summary>
    public IReadOnlyDictionary<string, long> FailuresByCause => new SortedDictionary<string, long>(_failuresByCause, StringComparer.Ordinal);

    /// <summary>Tokens of every reply the backend returned, including replies a stage later discarded.</summary>
    public TokenUsage Usage => new(Interlocked.Read(ref _inputTokens), Interlocked.Read(ref _outputTokens));

    public void AddRequest() => Interlocked.Increment(ref _requests);
    public void AddAttempt() => Interlocked.Increment(ref _attempts);
    public void AddRateLimited() => Interlocked.Increment(ref _rateLimited);
    public void AddBreakerOpen() => Interlocked.Increment(ref _breakerOpens);
    public void AddRetry(string cause) => _retriesByCause.AddOrUpdate(cause, 1, (_, n) => n + 1);
    public void AddFailure(string cause) => _failuresByCause.AddOrUpdate(cause, 1, (_, n) => n + 1);

    public void AddUsage(TokenUsage usage)
    {
        ArgumentNullException.ThrowIfNull(usage);
        Interlocked.Add(ref _inputTokens, usage.InputTokens);
        Interlocked.Add(ref _outputTokens, usage.OutputTokens);
    }
}
