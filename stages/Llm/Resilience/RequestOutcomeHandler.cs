namespace DataGen.Stages.Llm.Resilience;

/// <summary>The outermost handler: counts each request once and, when its last try failed, the failure by cause.</summary>
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
            throw;
        }
        if (!response.IsSuccessStatusCode)
            meter.AddFailure(RetryCause.Status((int)response.StatusCode));
        return response;
    }
}
