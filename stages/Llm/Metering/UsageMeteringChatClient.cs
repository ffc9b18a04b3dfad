using System.Runtime.CompilerServices;
using DataGen.Stages.Llm.Resilience;
using Microsoft.Extensions.AI;

namespace DataGen.Stages.Llm.Metering;

/// <summary>
/// Counts the usage of every reply of one backend (its meter, the run's budget) and starts no request once the
/// budget is exhausted: it then throws a cancellation, as the run is being stopped through its token.
/// </summary>
public sealed class UsageMeteringChatClient(IChatClient innerClient, BackendMeter meter, BudgetTracker? budget) : DelegatingChatClient(innerClient)
{
    public override async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ThrowIfExhausted(cancellationToken);
        var response = await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        Record(response.Usage);
        return response;
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ThrowIfExhausted(cancellationToken);
        await foreach (var update in base.GetStreamingResponseAsync(messages, options, cancellationToken).ConfigureAwait(false))
        {
            foreach (var usage in update.Contents.OfType<UsageContent>())
                Record(usage.Details);
            yield return update;
        }
    }

    private void Record(UsageDetails? details)
    {
        var usage = Usage.From(details);
        meter.AddUsage(usage);
        budget?.Record(meter.Name, usage);
    }

    private void ThrowIfExhausted(CancellationToken cancellationToken)
    {
        if (budget is not { IsExhausted: true })
            return;
        cancellationToken.ThrowIfCancellationRequested();
        throw new BudgetExhaustedException();
    }
}
