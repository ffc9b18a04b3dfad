using System.Globalization;

namespace DataGen.Stages.Llm.Resilience;

/// <summary>
/// pipeline.yaml `backends.NAME.retry:` for HTTP backends (openai, ollama). Unset values fall back to the older keys:
/// max_attempts to max_retries + 1, attempt_timeout_seconds to timeout_seconds.
/// </summary>
public sealed class RetryOptions : IValidatedOptions
{
    /// <summary>Tries of one request, the first included (1 = no retries); default max_retries + 1.</summary>
    public int? MaxAttempts { get; set; }

    /// <summary>First backoff delay; it doubles each retry, with jitter.</summary>
    public double BaseDelaySeconds { get; set; } = 1;

    /// <summary>Longest backoff delay (a server's Retry-After is honoured even when longer).</summary>
    public double MaxDelaySeconds { get; set; } = 30;

    /// <summary>Limit of one try; default timeout_seconds.</summary>
    public double? AttemptTimeoutSeconds { get; set; }

    /// <summary>Limit of one request over all its tries and waits; default attempts x attempt timeout + (attempts - 1) x max delay.</summary>
    public double? TotalTimeoutSeconds { get; set; }

    /// <summary>Randomise each backoff delay so many clients do not retry in step.</summary>
    public bool Jitter { get; set; } = true;

    /// <summary>Share of failed tries within the sampling window that opens the circuit breaker.</summary>
    public double BreakerFailureRatio { get; set; } = 0.5;

    /// <summary>Tries within the sampling window before the breaker judges the failure ratio.</summary>
    public int BreakerMinThroughput { get; set; } = 20;

    public double BreakerSamplingSeconds { get; set; } = 30;

    /// <summary>How long an open breaker fails requests at once before letting a probe through.</summary>
    public double BreakerBreakSeconds { get; set; } = 5;

    public IEnumerable<string> Validate(string keyPath)
    {
        if (MaxAttempts is < 1 or > 50)
            yield return $"{keyPath}.max_attempts: must be between 1 and 50 (got {MaxAttempts})";
        if (BaseDelaySeconds is < 0.01 or > 600)
            yield return $"{keyPath}.base_delay_seconds: must be in [0.01, 600] (got {Format(BaseDelaySeconds)})";
        if (MaxDelaySeconds is < 0.01 or > 3600)
            yield return $"{keyPath}.max_delay_seconds: must be in [0.01, 3600] (got {Format(MaxDelaySeconds)})";
        else if (MaxDelaySeconds < BaseDelaySeconds)
            yield return $"{keyPath}.max_delay_seconds: must be >= base_delay_seconds ({Format(BaseDelaySeconds)}) (got {Format(MaxDelaySeconds)})";
        if (AttemptTimeoutSeconds is { } attempt && attempt is < 0.01 or > 3600)
            yield return $"{keyPath}.attempt_timeout_seconds: must be in [0.01, 3600] (got {Format(attempt)})";
        if (TotalTimeoutSeconds is { } total && total is < 0.01 or > 86400)
            yield return $"{keyPath}.total_timeout_seconds: must be in [0.01, 86400] (got {Format(total)})";
        else if (TotalTimeoutSeconds is { } t && AttemptTimeoutSeconds is { } a && t < a)
            yield return $"{keyPath}.total_timeout_seconds: must be >= attempt_timeout_seconds ({Format(a)}) (got {Format(t)})";
        if (BreakerFailureRatio is <= 0 or > 1)
            yield return $"{keyPath}.breaker_failure_ratio: must be in (0, 1] (got {Format(BreakerFailureRatio)})";
        if (BreakerMinThroughput is < 2 or > 1_000_000)
            yield return $"{keyPath}.breaker_min_throughput: must be between 2 and 1000000 (got {BreakerMinThroughput})";
        if (BreakerSamplingSeconds is < 0.5 or > 86400)
            yield return $"{keyPath}.breaker_sampling_seconds: must be in [0.5, 86400] (got {Format(BreakerSamplingSeconds)})";
        if (BreakerBreakSeconds is < 0.5 or > 86400)
            yield return $"{keyPath}.breaker_break_seconds: must be in [0.5, 86400] (got {Format(BreakerBreakSeconds)})";
    }

    private static string Format(double value) => value.ToString(CultureInfo.InvariantCulture);
}
