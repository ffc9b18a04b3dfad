using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Unicode;
using DataGen.Schemas;

namespace DataGen.Stages.Prompts;

/// <summary>
/// JSONL prompts: RealToxicityPrompts {"prompt":{"text":...}}, plain {"id":...,"prompt":"..."} (keys from options),
/// or chat {"messages":[{"role","content"}...]}. Blank lines are skipped.
/// </summary>
internal sealed class JsonlPromptParser(PromptSourceOptions options, int maxLineBytes)
{
    public async IAsyncEnumerable<RawPrompt> ParseAsync(Stream stream, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var line in new Utf8LineReader(stream, maxLineBytes).ReadLinesAsync(cancellationToken))
        {
            if (line.TooLong)
            {
                yield return RawPrompt.Bad(line.Number, "line_too_long", $"line is longer than {maxLineBytes} bytes; shorten the prompt or split the record");
                continue;
            }
            if (IsBlank(line.Bytes.Span))
                continue;
            yield return ParseLine(line);
        }
    }

    private RawPrompt ParseLine(PromptLine line)
    {
        if (!Utf8.IsValid(line.Bytes.Span))
            return RawPrompt.Bad(line.Number, "invalid_utf8", "line is not valid UTF-8; re-encode the file as UTF-8");
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line.Bytes);
        }
        catch (JsonException ex)
        {
            return RawPrompt.Bad(line.Number, "bad_json", $"invalid JSON ({FirstSentence(ex.Message)}); write one JSON object per line");
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                return RawPrompt.Bad(line.Number, "bad_json", $"expected a JSON object, got {root.ValueKind}; write one JSON object per line");
            var id = ReadId(root);
            if (root.TryGetProperty("messages", out var messages))
                return ParseChat(line.Number, id, messages);
            if (root.TryGetProperty(options.TextColumn, out var text))
            {
                if (text.ValueKind == JsonValueKind.String)
                    return RawPrompt.FromText(line.Number, id, text.GetString()!, options.TextColumn);
                if (text.ValueKind == JsonValueKind.Object && text.TryGetProperty("text", out var nested) && nested.ValueKind == JsonValueKind.String)
                    return RawPrompt.FromText(line.Number, id, nested.GetString()!, options.TextColumn + ".text");
            }
            // RealToxicityPrompts records keep their text under prompt.text whatever text_column says.
            if (root.TryGetProperty("prompt", out var rtp) && rtp.ValueKind == JsonValueKind.Object
                && rtp.TryGetProperty("text", out var rtpText) && rtpText.ValueKind == JsonValueKind.String)
                return RawPrompt.FromText(line.Number, id, rtpText.GetString()!, "prompt.text");
            return RawPrompt.Bad(line.Number, "missing_text",
                $"no prompt text: expected \"{options.TextColumn}\" as a string, {{\"{options.TextColumn}\":{{\"text\":...}}}} or \"messages\"; add the key or set prompts.text_column");
        }
    }

    private static RawPrompt ParseChat(long line, string? id, JsonElement messages)
    {
        if (messages.ValueKind != JsonValueKind.Array || messages.GetArrayLength() == 0)
            return RawPrompt.Bad(line, "bad_messages", "\"messages\" must be a non-empty array of {\"role\",\"content\"}; fix the record");
        var turns = new List<ChatTurn>();
        foreach (var message in messages.EnumerateArray())
        {
            if (message.ValueKind != JsonValueKind.Object
                || !message.TryGetProperty("role", out var role) || role.ValueKind != JsonValueKind.String
                || !message.TryGetProperty("content", out var content) || content.ValueKind != JsonValueKind.String)
                return RawPrompt.Bad(line, "bad_messages", $"messages[{turns.Count}] needs string \"role\" and \"content\"; fix the record");
            var roleName = role.GetString()!;
            if (roleName is not (ChatTurn.System or ChatTurn.User or ChatTurn.Assistant))
                return RawPrompt.Bad(line, "bad_messages", $"messages[{turns.Count}].role '{roleName}' is not allowed; use system, user or assistant");
            turns.Add(new ChatTurn(roleName, content.GetString()!));
        }
        if (turns.All(t => string.IsNullOrWhiteSpace(t.Content)))
            return RawPrompt.Bad(line, "empty_prompt", "every message content is empty; remove the line or give it prompt text");
        return new RawPrompt(line, id, turns, null, null);
    }

    private string? ReadId(JsonElement root)
    {
        if (!root.TryGetProperty(options.IdColumn, out var id))
            return null;
        return id.ValueKind switch
        {
            JsonValueKind.String when id.GetString() is { Length: > 0 } s => s,
            JsonValueKind.Number => id.GetRawText(),
            _ => null,
        };
    }

    private static bool IsBlank(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r'))
                return false;
        }
        return true;
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(". ", StringComparison.Ordinal);
        return cut < 0 ? message : message[..cut];
    }
}
