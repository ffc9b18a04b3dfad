using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace DataGen.Stages.Llm.Replay;

/// <summary>
/// The cache key of a chat request: SHA-256 (hex) of a canonical JSON of the backend (name, type, endpoint, model),
/// the messages and every ChatOptions field that changes the answer (model, seed, temperature, top_p, top_k, max
/// tokens, penalties, stop sequences, response format, instructions, tool names, additional properties sorted by key).
/// </summary>
public static class ReplayKey
{
    public static string Compute(string backend, IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        ArgumentNullException.ThrowIfNull(backend);
        ArgumentNullException.ThrowIfNull(messages);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("v", "1");
            json.WriteString("backend", backend);
            json.WriteStartArray("messages");
            foreach (var message in messages)
                WriteMessage(json, message);
            json.WriteEndArray();
            if (options is not null)
                WriteOptions(json, options);
            json.WriteEndObject();
        }
        return Convert.ToHexStringLower(SHA256.HashData(buffer.ToArray()));
    }

    private static void WriteMessage(Utf8JsonWriter json, ChatMessage message)
    {
        json.WriteStartObject();
        json.WriteString("role", message.Role.Value);
        if (message.AuthorName is { } author)
            json.WriteString("author", author);
        json.WriteStartArray("contents");
        foreach (var content in message.Contents)
        {
            if (content is TextContent text)
            {
                json.WriteStartObject();
                json.WriteString("text", text.Text);
                json.WriteEndObject();
            }
            else
            {
                // Non-text parts (images, tool calls) in their standard JSON form, tagged with their type.
                json.WriteStartObject();
                json.WriteString("type", content.GetType().FullName);
                json.WritePropertyName("value");
                JsonSerializer.Serialize(json, content, AIJsonUtilities.DefaultOptions);
                json.WriteEndObject();
            }
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteOptions(Utf8JsonWriter json, ChatOptions options)
    {
        json.WriteStartObject("options");
        WriteString(json, "model", options.ModelId);
        WriteString(json, "instructions", options.Instructions);
        WriteNumber(json, "seed", options.Seed);
        WriteNumber(json, "temperature", options.Temperature);
        WriteNumber(json, "top_p", options.TopP);
        WriteNumber(json, "top_k", options.TopK);
        WriteNumber(json, "max_output_tokens", options.MaxOutputTokens);
        WriteNumber(json, "frequency_penalty", options.FrequencyPenalty);
        WriteNumber(json, "presence_penalty", options.PresencePenalty);
        if (options.StopSequences is { Count: > 0 } stops)
        {
            json.WriteStartArray("stop");
            foreach (var stop in stops)
                json.WriteStringValue(stop);
            json.WriteEndArray();
        }
        if (options.ResponseFormat is { } format)
        {
            json.WritePropertyName("response_format");
            JsonSerializer.Serialize(json, format, AIJsonUtilities.DefaultOptions);
        }
        if (options.Tools is { Count: > 0 } tools)
        {
            json.WriteStartArray("tools");
            foreach (var tool in tools)
                json.WriteStringValue(tool.Name);
            json.WriteEndArray();
        }
        if (options.AdditionalProperties is { Count: > 0 } extra)
        {
            json.WriteStartObject("additional");
            foreach (var (key, value) in extra.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                json.WritePropertyName(key);
                if (value is null)
                    json.WriteNullValue();
                else
                    JsonSerializer.Serialize(json, value, value.GetType(), AIJsonUtilities.DefaultOptions);
            }
            json.WriteEndObject();
        }
        json.WriteEndObject();
    }

    private static void WriteString(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null)
            json.WriteString(name, value);
    }

    private static void WriteNumber<T>(Utf8JsonWriter json, string name, T? value)
        where T : struct, IFormattable
    {
        // Round-trip text, so 0.9f and 0.9 differ only when their values differ.
        if (value is { } v)
            json.WriteString(name, v.ToString(typeof(T) == typeof(float) || typeof(T) == typeof(double) ? "R" : null, CultureInfo.InvariantCulture));
    }
}
