using Polly.Timeout;

namespace DataGen.Stages.Llm.Resilience;

/// <summary>
/// The outermost handler: counts each request once and, when its last try failed, the failure by cause. A Polly
/// timeout leaves as a <see cref="TimeoutException"/>, so callers tell a slow backend from their own cancellation.
/// </summary>
internal sealed class RequestOutcomeHandler(BackendMeter meter) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        meter.AddRequest();
        HttpResponseMessage response;
        try
        {
            response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            meter.AddFailure(RetryCause.Of(ex));
            if (ex is TimeoutRejectedException timeout)
                throw new TimeoutException($"LLM request to backend {meter.Name} timed out: {timeout.Message}", timeout);
            throw;
        }
        if (!response.IsSuccessStatusCode)
            meter.AddFailure(RetryCause.Status((int)response.StatusCode));
        return response;
    }
}
