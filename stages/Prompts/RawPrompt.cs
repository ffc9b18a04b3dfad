using DataGen.Schemas;

namespace DataGen.Stages.Prompts;

/// <summary>A prompt as a format parser saw it, before ids, duplicates and the system prompt are applied; or the reason it is bad.</summary>
internal sealed record RawPrompt(long Line, string? Id, IReadOnlyList<ChatTurn>? Messages, string? Reason, string? Problem)
{
    public static RawPrompt Bad(long line, string reason, string problem) => new(line, null, null, reason, problem);

    /// <summary>A single user prompt; whitespace-only text is rejected because a model cannot answer nothing.</summary>
    public static RawPrompt FromText(long line, string? id, string text, string keyName) =>
        string.IsNullOrWhiteSpace(text)
            ? new RawPrompt(line, id, null, "empty_prompt", $"'{keyName}' is empty; remove the line or give it prompt text")
            : new RawPrompt(line, id, [new ChatTurn(ChatTurn.User, text)], null, null);
}
