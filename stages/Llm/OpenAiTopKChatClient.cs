using System.ClientModel.Primitives;
using Microsoft.Extensions.AI;
using ChatCompletionOptions = OpenAI.Chat.ChatCompletionOptions;

namespace DataGen.Stages.Llm;

/// <summary>
/// Sends ChatOptions.TopK as the `top_k` body field that vLLM and llama.cpp accept; the OpenAI SDK has no top_k of its own.
/// </summary>
internal sealed class OpenAiTopKChatClient(IChatClient innerClient) : DelegatingChatClient(innerClient)
{
    public override Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        base.GetResponseAsync(messages, WithTopK(options), cancellationToken);

    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        base.GetStreamingResponseAsync(messages, WithTopK(options), cancellationToken);

    private static ChatOptions? WithTopK(ChatOptions? options)
    {
        if (options?.TopK is not { } topK)
            return options;
        var earlier = options.RawRepresentationFactory;
        var copy = options.Clone();
        copy.RawRepresentationFactory = client =>
        {
            var raw = earlier?.Invoke(client) as ChatCompletionOptions ?? new ChatCompletionOptions();
#pragma warning disable SCME0001, OPENAI001 // JsonPatch is the SDK's documented way to send fields it does not model.
            raw.Patch.Set("$.top_k"u8, topK);
#pragma warning restore SCME0001, OPENAI001
            return raw;
        };
        return copy;
    }
}
