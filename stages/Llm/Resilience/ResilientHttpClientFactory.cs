using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace DataGen.Stages.Llm.Resilience;

/// <summary>
/// Builds the HttpClient of an HTTP backend: Microsoft.Extensions.Http.Resilience's ResilienceHandler running a Polly
/// pipeline in the standard order (total timeout → retry → circuit breaker → per-try timeout). Retries back off
/// exponentially with jitter, a 429's Retry-After sets the wait; every retry, failure and breaker open is counted
/// in the backend's meter, 429s and try timeouts lower its concurrency limit.
/// </summary>
public static class ResilientHttpClientFactory
{
    public static HttpClient Create(RetrySettings settings, BackendMeter meter, ILogger logger, Uri? baseAddress = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(meter);
        ArgumentNullException.ThrowIfNull(logger);
        var pipeline = BuildPipeline(settings, meter, logger);
        var handler = new RequestOutcomeHandler(meter)
        {
            InnerHandler = new ResilienceHandler(pipeline)
            {
                InnerHandler = new AttemptHandler(meter) { InnerHandler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) } },
            },
        };
        // The pipeline's timeouts govern; HttpClient's own 100 s default would cut long generations short.
        return new HttpClient(handler) { BaseAddress = baseAddress, Timeout = System.Threading.Timeout.InfiniteTimeSpan };
    }

    public static ResiliencePipeline<HttpResponseMessage> BuildPipeline(RetrySettings settings, BackendMeter meter, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(meter);
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage>()
            .AddTimeout(new TimeoutStrategyOptions { Timeout = settings.TotalTimeout });
        if (settings.MaxAttempts > 1)
        {
            builder.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = settings.MaxAttempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = settings.Jitter,
                Delay = settings.BaseDelay,
                MaxDelay = settings.MaxDelay,
                ShouldRetryAfterHeader = true,
                ShouldHandle = args => ValueTask.FromResult(!args.Context.CancellationToken.IsCancellationRequested && RetryCause.IsTransient(args.Outcome)),
                OnRetry = args =>
                {
                    var cause = RetryCause.Of(args.Outcome);
                    meter.AddRetry(cause);
                    LlmLog.Retrying(logger, meter.Name, cause, args.AttemptNumber + 2, settings.MaxAttempts, args.RetryDelay.TotalSeconds);
                    return ValueTask.CompletedTask;
                },
            });
        }
        builder.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
        {
            FailureRatio = settings.BreakerFailureRatio,
            MinimumThroughput = settings.BreakerMinThroughput,
            SamplingDuration = settings.BreakerSamplingDuration,
            BreakDuration = settings.BreakerBreakDuration,
            ShouldHandle = args => ValueTask.FromResult(RetryCause.IsBackendFailure(args.Outcome)),
            OnOpened = args =>
            {
                meter.AddBreakerOpen();
                LlmLog.BreakerOpened(logger, meter.Name, args.BreakDuration.TotalSeconds);
                return ValueTask.CompletedTask;
            },
        });
        builder.AddTimeout(new TimeoutStrategyOptions
        {
            Timeout = settings.AttemptTimeout,
            OnTimeout = _ =>
            {
                meter.Limiter.OnOverload();
                return ValueTask.CompletedTask;
            },
        });
        return builder.Build();
    }
}
