using System.ClientModel.Primitives;
using Microsoft.Extensions.AI;
using ChatCompletionOptions = OpenAI.Chat.ChatCompletionOptions;

namespace DataGen.Stages.Llm;

/// <summary>
/// Sends request fields the OpenAI SDK does not model but vLLM and llama.cpp accept: `top_k` from ChatOptions.TopK, and,
/// when enabled, `continue_final_message` for a request ending in an assistant prefill (so the server continues it).
/// </summary>
internal sealed class OpenAiExtraBodyChatClient(IChatClient innerClient, bool continueFinalMessage) : DelegatingChatClient(innerClient)
{
    public override Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages as IReadOnlyList<ChatMessage> ?? messages.ToList();
        return base.GetResponseAsync(list, WithExtras(list, options), cancellationToken);
    }

    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages as IReadOnlyList<ChatMessage> ?? messages.ToList();
        return base.GetStreamingResponseAsync(list, WithExtras(list, options), cancellationToken);
    }

    private ChatOptions? WithExtras(IReadOnlyList<ChatMessage> messages, ChatOptions? options)
    {
        var topK = options?.TopK;
        var prefill = continueFinalMessage && messages.Count > 0 && messages[^1].Role == ChatRole.Assistant;
        if (topK is null && !prefill)
            return options;
        var copy = options?.Clone() ?? new ChatOptions();
        var earlier = copy.RawRepresentationFactory;
        copy.RawRepresentationFactory = client =>
        {
            var raw = earlier?.Invoke(client) as ChatCompletionOptions ?? new ChatCompletionOptions();
#pragma warning disable SCME0001, OPENAI001 // JsonPatch is the SDK's documented way to send fields it does not model.
            if (topK is { } k)
                raw.Patch.Set("$.top_k"u8, k);
            if (prefill)
            {
                raw.Patch.Set("$.continue_final_message"u8, true);
                raw.Patch.Set("$.add_generation_prompt"u8, false);
            }
#pragma warning restore SCME0001, OPENAI001
            return raw;
        };
        return copy;
    }
}
