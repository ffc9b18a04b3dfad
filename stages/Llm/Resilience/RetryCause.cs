using System.Globalization;
using System.Net;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace DataGen.Stages.Llm.Resilience;

/// <summary>Names why a try failed (the keys of the manifest's retry and failure counts) and whether it is worth retrying.</summary>
public static class RetryCause
{
    public const string Timeout = "timeout";
    public const string Connection = "connection";
    public const string MalformedJson = "malformed_json";
    public const string BreakerOpen = "breaker_open";
    public const string Cancelled = "cancelled";
    public const string Other = "other";

    public static string Status(int code) => $"status_{code.ToString(CultureInfo.InvariantCulture)}";

    public static string Of(Outcome<HttpResponseMessage> outcome) =>
        outcome.Exception is { } exception ? Of(exception) : Status((int)outcome.Result!.StatusCode);

    public static string Of(Exception exception) => exception switch
    {
        TimeoutRejectedException => Timeout,
        BrokenCircuitException => BreakerOpen,
        MalformedResponseException => MalformedJson,
        HttpRequestException or IOException => Connection,
        OperationCanceledException => Cancelled,
        _ => Other,
    };

    /// <summary>5xx, 408, 429, timeouts, dropped connections, malformed bodies and an open breaker are retried; the rest is final.</summary>
    public static bool IsTransient(Outcome<HttpResponseMessage> outcome)
    {
        if (outcome.Exception is { } exception)
            return Of(exception) is Timeout or Connection or MalformedJson or BreakerOpen;
        var status = outcome.Result!.StatusCode;
        return (int)status >= 500 || status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;
    }

    /// <summary>What the circuit breaker counts as the backend failing: 5xx, timeouts, dropped connections (429 is load, not failure).</summary>
    public static bool IsBackendFailure(Outcome<HttpResponseMessage> outcome)
    {
        if (outcome.Exception is { } exception)
            return Of(exception) is Timeout or Connection or MalformedJson;
        return (int)outcome.Result!.StatusCode >= 500;
    }
}
