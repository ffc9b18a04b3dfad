using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace DataGen.Stages.Llm;

/// <summary>
/// Fails a request that takes longer than the timeout with a <see cref="TimeoutException"/>, so callers can tell
/// a slow backend (a row failure) from their own cancellation (a run stop).
/// </summary>
public sealed class TimeoutChatClient : DelegatingChatClient
{
    public TimeoutChatClient(IChatClient innerClient, TimeSpan timeout)
        : base(innerClient)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        Timeout = timeout;
    }

    public TimeSpan Timeout { get; }

    public override async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            return await base.GetResponseAsync(messages, options, timeout.Token);
        }
        catch (OperationCanceledException ex) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw TimedOut(ex);
        }
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        await using var updates = base.GetStreamingResponseAsync(messages, options, timeout.Token).GetAsyncEnumerator(timeout.Token);
        while (true)
        {
            ChatResponseUpdate update;
            try
            {
                if (!await updates.MoveNextAsync())
                    yield break;
                update = updates.Current;
            }
            catch (OperationCanceledException ex) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw TimedOut(ex);
            }
            yield return update;
        }
    }

    private TimeoutException TimedOut(Exception inner) =>
        new($"LLM request timed out after {Timeout.TotalSeconds:0.###} s", inner);
}
