using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace DataGen.Stages.Llm.Resilience;

/// <summary>
/// Bounds the requests in flight to the inner client by an adaptive limit (AIMD between min and max concurrency);
/// a streaming request holds its slot until enumeration ends. With min = max it is a fixed limit.
/// </summary>
public sealed class AdaptiveConcurrencyChatClient(IChatClient innerClient, AdaptiveConcurrencyLimiter limiter) : DelegatingChatClient(innerClient)
{
    public AdaptiveConcurrencyLimiter Limiter { get; } = limiter ?? throw new ArgumentNullException(nameof(limiter));

    public override async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        await Limiter.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Limiter.Release();
        }
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Limiter.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await foreach (var update in base.GetStreamingResponseAsync(messages, options, cancellationToken).ConfigureAwait(false))
                yield return update;
        }
        finally
        {
            Limiter.Release();
        }
    }

    public override object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType == typeof(AdaptiveConcurrencyLimiter) ? Limiter : base.GetService(serviceType, serviceKey);
}
