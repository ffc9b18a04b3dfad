using System.Diagnostics;
using System.Runtime.CompilerServices;
using DataGen.Stages.Telemetry;
using Microsoft.Extensions.AI;

namespace DataGen.Stages.Llm;

/// <summary>Records each request's latency and token usage on the DataGen meter, tagged with the backend's config name.</summary>
public sealed class MetricsChatClient(IChatClient innerClient, string backend) : DelegatingChatClient(innerClient)
{
    public override async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        var ok = false;
        try
        {
            var response = await base.GetResponseAsync(messages, options, cancellationToken);
            ok = true;
            DataGenMetrics.AddTokens(backend, response.Usage?.InputTokenCount ?? 0, response.Usage?.OutputTokenCount ?? 0);
            return response;
        }
        finally
        {
            DataGenMetrics.RecordLlmDuration(backend, Stopwatch.GetElapsedTime(started).TotalMilliseconds, ok);
        }
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        var ok = false;
        try
        {
            await foreach (var update in base.GetStreamingResponseAsync(messages, options, cancellationToken))
            {
                foreach (var usage in update.Contents.OfType<UsageContent>())
                    DataGenMetrics.AddTokens(backend, usage.Details.InputTokenCount ?? 0, usage.Details.OutputTokenCount ?? 0);
                yield return update;
            }
            ok = true;
        }
        finally
        {
            DataGenMetrics.RecordLlmDuration(backend, Stopwatch.GetElapsedTime(started).TotalMilliseconds, ok);
        }
    }
}
