namespace DataGen.Stages.Llm.Resilience;

/// <summary>The retry section with its fallbacks applied: what the HTTP pipeline of one backend is built from.</summary>
public sealed record RetrySettings(
    int MaxAttempts,
    TimeSpan BaseDelay,
    TimeSpan MaxDelay,
    TimeSpan AttemptTimeout,
    TimeSpan TotalTimeout,
    bool Jitter,
    double BreakerFailureRatio,
    int BreakerMinThroughput,
    TimeSpan BreakerSamplingDuration,
    TimeSpan BreakerBreakDuration)
{
    public static RetrySettings From(BackendOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var retry = options.Retry;
        var attempts = retry.MaxAttempts ?? options.MaxRetries + 1;
        var attemptSeconds = retry.AttemptTimeoutSeconds ?? options.TimeoutSeconds;
        var totalSeconds = retry.TotalTimeoutSeconds ?? (attempts * attemptSeconds) + ((attempts - 1) * retry.MaxDelaySeconds);
        return new RetrySettings(
            attempts,
            TimeSpan.FromSeconds(retry.BaseDelaySeconds),
            TimeSpan.FromSeconds(retry.MaxDelaySeconds),
            TimeSpan.FromSeconds(attemptSeconds),
            TimeSpan.FromSeconds(Math.Max(totalSeconds, attemptSeconds)),
            retry.Jitter,
            retry.BreakerFailureRatio,
            retry.BreakerMinThroughput,
            TimeSpan.FromSeconds(retry.BreakerSamplingSeconds),
            TimeSpan.FromSeconds(retry.BreakerBreakSeconds));
    }
}
