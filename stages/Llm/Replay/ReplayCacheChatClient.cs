using Microsoft.Extensions.AI;

namespace DataGen.Stages.Llm.Replay;

/// <summary>
/// Middleware that answers a request from the replay cache when the same request (see <see cref="ReplayKey"/>) was
/// answered before, and records every answer the backend returns without error, so a resumed run re-asks nothing
/// already answered. Outermost in the chain: a replayed answer skips the concurrency limit and the timeout.
/// Streaming requests pass through uncached.
/// </summary>
public sealed class ReplayCacheChatClient(IChatClient inner, ReplayCacheStore store, string backendFingerprint) : DelegatingChatClient(inner)
{
    public override async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        var key = ReplayKey.Compute(backendFingerprint, list, options);
        if (await store.TryGetAsync(key, cancellationToken).ConfigureAwait(false) is { } cached)
            return ToResponse(cached);
        var response = await base.GetResponseAsync(list, options, cancellationToken).ConfigureAwait(false);
        var usage = response.Usage;
        await store.PutAsync(key, backendFingerprint, new CachedResponse(
            response.Text, response.FinishReason?.Value, response.ModelId, usage?.InputTokenCount, usage?.OutputTokenCount, usage?.TotalTokenCount),
            CancellationToken.None).ConfigureAwait(false);
        return response;
    }

    private static ChatResponse ToResponse(CachedResponse cached) => new(new ChatMessage(ChatRole.Assistant, cached.Text))
    {
        FinishReason = cached.FinishReason is { } reason ? new ChatFinishReason(reason) : null,
        ModelId = cached.ModelId,
        Usage = cached.InputTokens is null && cached.OutputTokens is null && cached.TotalTokens is null
            ? null
            : new UsageDetails { InputTokenCount = cached.InputTokens, OutputTokenCount = cached.OutputTokens, TotalTokenCount = cached.TotalTokens },
    };
}
