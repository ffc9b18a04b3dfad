using System.Text.Json.Nodes;

namespace DataGen.Tests.Infrastructure;

/// <summary>One request the fake OpenAI server received: raw body, parsed JSON and the Authorization header.</summary>
public sealed record FakeChatRequest(int Index, string Path, string Body, JsonObject Json, string? Authorization)
{
    /// <summary>When the request arrived (Stopwatch timestamp), to measure the gaps between a client's tries.</summary>
    public long ReceivedTimestamp { get; init; }

    public string? Model => Json["model"]?.GetValue<string>();

    public long? Seed => Json["seed"]?.GetValue<long>();

    public bool Stream => Json["stream"]?.GetValue<bool>() ?? false;

    public IReadOnlyList<(string Role, string Content)> Messages =>
        Json["messages"]?.AsArray().Select(m => (m!["role"]!.GetValue<string>(), ContentText(m["content"]))).ToList() ?? [];

    /// <summary>Text of the last user message ("" when none).</summary>
    public string LastUserText => Messages.LastOrDefault(m => m.Role == "user").Content ?? "";

    /// <summary>Text of the last message whatever its role (an assistant prefill when the request ends with one).</summary>
    public string LastMessageText => Messages.Count > 0 ? Messages[^1].Content : "";

    // Content is a string or an array of {type:"text", text} parts depending on the client.
    private static string ContentText(JsonNode? content) => content switch
    {
        null => "",
        JsonArray parts => string.Concat(parts.Select(p => p?["text"]?.GetValue<string>() ?? "")),
        _ => content.GetValue<string>(),
    };
}
