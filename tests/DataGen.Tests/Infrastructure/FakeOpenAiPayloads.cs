using System.Text.Json.Nodes;

namespace DataGen.Tests.Infrastructure;

/// <summary>JSON bodies of the OpenAI chat completions protocol as the fake server writes them.</summary>
internal static class FakeOpenAiPayloads
{
    private static long Now => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    public static string Completion(int index, string model, FakeReply reply, int promptTokens, int completionTokens) =>
        new JsonObject
        {
            ["id"] = $"chatcmpl-{index}",
            ["object"] = "chat.completion",
            ["created"] = Now,
            ["model"] = model,
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = reply.Content },
                ["logprobs"] = null,
                ["finish_reason"] = reply.FinishReason,
            }),
            ["usage"] = Usage(promptTokens, completionTokens),
        }.ToJsonString();

    /// <summary>SSE data payloads: content in word-sized pieces, a finish chunk, the usage chunk when asked for, [DONE].</summary>
    public static IEnumerable<string> StreamChunks(FakeChatRequest request, FakeReply reply, string model, int promptTokens, int completionTokens)
    {
        var id = $"chatcmpl-{request.Index}";
        var created = Now;
        var first = true;
        foreach (var piece in Pieces(reply.Content))
        {
            var delta = new JsonObject { ["content"] = piece };
            if (first)
                delta["role"] = "assistant";
            first = false;
            yield return Chunk(id, created, model, delta, null);
        }
        yield return Chunk(id, created, model, new JsonObject(), reply.FinishReason);
        if (request.Json["stream_options"]?["include_usage"]?.GetValue<bool>() == true)
        {
            yield return new JsonObject
            {
                ["id"] = id, ["object"] = "chat.completion.chunk", ["created"] = created, ["model"] = model,
                ["choices"] = new JsonArray(), ["usage"] = Usage(promptTokens, completionTokens),
            }.ToJsonString();
        }
        yield return "[DONE]";
    }

    public static string Error(int status, string message) =>
        new JsonObject
        {
            ["error"] = new JsonObject
            {
                ["message"] = message,
                ["type"] = status == 429 ? "rate_limit_exceeded" : "server_error",
                ["code"] = status,
            },
        }.ToJsonString();

    private static string Chunk(string id, long created, string model, JsonObject delta, string? finishReason) =>
        new JsonObject
        {
            ["id"] = id,
            ["object"] = "chat.completion.chunk",
            ["created"] = created,
            ["model"] = model,
            ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = delta, ["finish_reason"] = finishReason }),
        }.ToJsonString();

    private static JsonObject Usage(int promptTokens, int completionTokens) => new()
    {
        ["prompt_tokens"] = promptTokens,
        ["completion_tokens"] = completionTokens,
        ["total_tokens"] = promptTokens + completionTokens,
    };

    // Splits after each space so the pieces concatenate back to the exact content.
    private static IEnumerable<string> Pieces(string content)
    {
        var start = 0;
        for (var i = 0; i < content.Length; i++)
        {
            if (content[i] == ' ')
            {
                yield return content[start..(i + 1)];
                start = i + 1;
            }
        }
        if (start < content.Length)
            yield return content[start..];
    }
}
