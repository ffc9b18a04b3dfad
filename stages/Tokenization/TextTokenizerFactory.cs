using System.Text.Json;

namespace DataGen.Stages.Tokenization;

/// <summary>Builds the tokenizer a model descriptor's `tokenizer` section names (bytes, wordpiece, bpe).</summary>
public static class TextTokenizerFactory
{
    /// <param name="section">The `tokenizer` JSON object.</param>
    /// <param name="folder">Model folder; vocabulary paths resolve against it.</param>
    /// <param name="descriptorPath">The descriptor file, named in errors.</param>
    public static ITextTokenizer FromDescriptor(JsonElement section, string folder, string descriptorPath)
    {
        if (section.ValueKind != JsonValueKind.Object)
            throw new ModelFolderException($"{descriptorPath}: key 'tokenizer' must be an object like {{\"type\": \"bytes\"}}");
        var type = GetString(section, "type", descriptorPath)
            ?? throw new ModelFolderException($"{descriptorPath}: key 'tokenizer.type' is missing; use bytes, wordpiece or bpe");
        switch (type)
        {
            case "bytes":
                return new ByteTextTokenizer(
                    GetInt(section, "pad_id", descriptorPath) ?? ByteTextTokenizer.DefaultPadId,
                    GetInt(section, "bos_id", descriptorPath) ?? ByteTextTokenizer.DefaultBosId,
                    GetInt(section, "eos_id", descriptorPath) ?? ByteTextTokenizer.DefaultEosId);
            case "wordpiece":
                return WordPieceTextTokenizer.Load(
                    Path.Combine(folder, GetString(section, "vocab", descriptorPath) ?? "vocab.txt"),
                    GetBool(section, "lowercase", descriptorPath) ?? true,
                    GetString(section, "bos", descriptorPath) ?? "[CLS]",
                    GetString(section, "eos", descriptorPath) ?? "[SEP]",
                    GetString(section, "pad", descriptorPath) ?? "[PAD]");
            case "bpe":
                return BpeTextTokenizer.Load(
                    Path.Combine(folder, GetString(section, "vocab", descriptorPath) ?? "vocab.json"),
                    Path.Combine(folder, GetString(section, "merges", descriptorPath) ?? "merges.txt"),
                    GetString(section, "bos", descriptorPath) ?? "<s>",
                    GetString(section, "eos", descriptorPath) ?? "</s>",
                    GetString(section, "pad", descriptorPath) ?? "<pad>");
            default:
                throw new ModelFolderException($"{descriptorPath}: key 'tokenizer.type' has unknown value '{type}'; use bytes, wordpiece or bpe");
        }
    }

    private static string? GetString(JsonElement section, string key, string path)
    {
        if (!section.TryGetProperty(key, out var value) || value.ValueKind == JsonValueKind.Null)
            return null;
        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw new ModelFolderException($"{path}: key 'tokenizer.{key}' must be a string");
    }

    private static int? GetInt(JsonElement section, string key, string path)
    {
        if (!section.TryGetProperty(key, out var value) || value.ValueKind == JsonValueKind.Null)
            return null;
        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n) && n >= 0
            ? n
            : throw new ModelFolderException($"{path}: key 'tokenizer.{key}' must be a non-negative integer");
    }

    private static bool? GetBool(JsonElement section, string key, string path)
    {
        if (!section.TryGetProperty(key, out var value) || value.ValueKind == JsonValueKind.Null)
            return null;
        return value.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? value.GetBoolean()
            : throw new ModelFolderException($"{path}: key 'tokenizer.{key}' must be true or false");
    }
}
