using System.Net;
using System.Text.Json;

namespace DataGen.Stages.Llm.Resilience;

/// <summary>
/// The innermost handler, run once per try: counts the try, tells the concurrency limiter about 429s (overload) and
/// successes, and reads a successful non-streaming body to its end so a dropped connection or garbled JSON fails
/// this try (and is retried) instead of surfacing later in the SDK.
/// </summary>
internal sealed class AttemptHandler(BackendMeter meter) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        meter.AddAttempt();
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            meter.AddRateLimited();
            meter.Limiter.OnOverload();
            return response;
        }
        if (!response.IsSuccessStatusCode || IsStream(response))
        {
            if (response.IsSuccessStatusCode)
                meter.Limiter.OnSuccess();
            return response;
        }
        try
        {
            await response.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
            if (IsJson(response))
                await CheckJsonAsync(response, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            response.Dispose();
            throw;
        }
        meter.Limiter.OnSuccess();
        return response;
    }

    private static async Task CheckJsonAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException ex)
        {
            throw new MalformedResponseException($"the backend answered {(int)response.StatusCode} with a body that is not valid JSON: {ex.Message}", ex);
        }
        finally
        {
            // The buffered stream is read again by the SDK.
            if (stream.CanSeek)
                stream.Position = 0;
        }
    }

    private static bool IsStream(HttpResponseMessage response) =>
        response.Content.Headers.ContentType?.MediaType is "text/event-stream" or "application/x-ndjson";

    private static bool IsJson(HttpResponseMessage response) =>
        response.Content.Headers.ContentType?.MediaType is { } type && type.EndsWith("json", StringComparison.OrdinalIgnoreCase);
}
