using System.Text.Json;

namespace DataGen.Stages.Llm.Onnx;

/// <summary>Typed access to model.json keys whose failures read "file: key 'x' ...; fix".</summary>
internal sealed class ModelJsonReader(string path, JsonElement root)
{
    public string Path { get; } = path;

    public InvalidDataException Error(string key, string problem) => new($"{Path}: key '{key}' {problem}");

    public string RequiredString(string key, string? child = null)
    {
        var name = child is null ? key : $"{key}.{child}";
        if (!root.TryGetProperty(key, out var value))
            throw Error(name, "is missing; add it as in the datagen-causal-lm/1 contract");
        if (child is not null)
        {
            if (value.ValueKind != JsonValueKind.Object || !value.TryGetProperty(child, out value))
                throw Error(name, "is missing; add it as in the datagen-causal-lm/1 contract");
        }
        if (value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
            throw Error(name, $"must be a non-empty string (got {value.ValueKind})");
        return value.GetString()!;
    }

    public string? OptionalString(string key) =>
        root.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public int RequiredInt(string key, int min, int max)
    {
        if (!root.TryGetProperty(key, out var value))
            throw Error(key, "is missing; add it as in the datagen-causal-lm/1 contract");
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var number) || number < min || number > max)
            throw Error(key, $"must be an integer in [{min}, {max}] (got {value.GetRawText()}); set it to the value the ONNX graph was exported with");
        return number;
    }

    public IReadOnlyDictionary<string, int> TokenMap(string key, int vocabSize)
    {
        var map = new Dictionary<string, int>(StringComparer.Ordinal);
        if (!root.TryGetProperty(key, out var value))
            return map;
        if (value.ValueKind != JsonValueKind.Object)
            throw Error(key, $"must be an object of name -> token id (got {value.ValueKind})");
        foreach (var entry in value.EnumerateObject())
        {
            if (entry.Value.ValueKind != JsonValueKind.Number || !entry.Value.TryGetInt32(out var id) || id < 0 || id >= vocabSize)
                throw Error($"{key}.{entry.Name}", $"must be a token id in [0, {vocabSize - 1}] (got {entry.Value.GetRawText()}); fix the id or vocab_size");
            if (id < 256)
                throw Error($"{key}.{entry.Name}", $"is {id}, a byte id; special tokens must use ids >= 256");
            map[entry.Name] = id;
        }
        return map;
    }
}
