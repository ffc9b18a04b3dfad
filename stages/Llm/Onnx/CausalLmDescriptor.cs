using System.Text.Json;

namespace DataGen.Stages.Llm.Onnx;

/// <summary>The parsed model.json of a causal LM folder (format datagen-causal-lm/1, byte-level vocabulary).</summary>
public sealed class CausalLmDescriptor
{
    public const string FormatName = "datagen-causal-lm/1";
    public const string FileName = "model.json";

    public required string Directory { get; init; }
    public required string OnnxPath { get; init; }
    public required int VocabSize { get; init; }
    public required int NumLayers { get; init; }
    public required int NumHeads { get; init; }
    public required int HeadDim { get; init; }
    public required int MaxPositions { get; init; }
    public required int PadId { get; init; }
    public required int BosId { get; init; }
    public required int EosId { get; init; }
    /// <summary>Named special tokens (markers such as [RESET]) by name.</summary>
    public required IReadOnlyDictionary<string, int> SpecialTokens { get; init; }
    public required string Name { get; init; }
    public string? Source { get; init; }
    public string? License { get; init; }

    /// <summary>Reads and checks folder/model.json; every problem is one line naming the file, the key and the fix.</summary>
    public static CausalLmDescriptor Load(string folder)
    {
        var path = Path.GetFullPath(Path.Combine(folder, FileName));
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path}: not found; point the onnx backend's path at a model folder containing {FileName}", path);
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(File.ReadAllBytes(path));
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{path}: line {ex.LineNumber + 1}: invalid JSON ({ex.Message.Split('.')[0]}); fix the syntax", ex);
        }
        using (doc)
            return Parse(new ModelJsonReader(path, doc.RootElement), Path.GetDirectoryName(path)!);
    }

    private static CausalLmDescriptor Parse(ModelJsonReader json, string directory)
    {
        var format = json.RequiredString("format");
        if (format != FormatName)
            throw json.Error("format", $"is '{format}' but this backend reads '{FormatName}'; export the model with the datagen model factory");
        var tokenizer = json.RequiredString("tokenizer", "type");
        if (tokenizer != "bytes")
            throw json.Error("tokenizer.type", $"is '{tokenizer}' but the onnx chat backend only supports 'bytes'; export a byte-level model");
        var onnxName = json.RequiredString("onnx");
        var onnxPath = Path.GetFullPath(Path.Combine(directory, onnxName));
        if (!File.Exists(onnxPath))
            throw new FileNotFoundException($"{json.Path}: key 'onnx' names '{onnxName}' but {onnxPath} does not exist; copy the exported ONNX graph there or fix the key", onnxPath);
        var vocab = json.RequiredInt("vocab_size", 259, int.MaxValue);
        var special = json.TokenMap("special_tokens", vocab);
        return new CausalLmDescriptor
        {
            Directory = directory,
            OnnxPath = onnxPath,
            VocabSize = vocab,
            NumLayers = json.RequiredInt("num_layers", 1, 1024),
            NumHeads = json.RequiredInt("num_heads", 1, 1024),
            HeadDim = json.RequiredInt("head_dim", 1, 65536),
            MaxPositions = json.RequiredInt("max_positions", 2, int.MaxValue),
            PadId = json.RequiredInt("pad_id", 0, vocab - 1),
            BosId = json.RequiredInt("bos_id", 0, vocab - 1),
            EosId = json.RequiredInt("eos_id", 0, vocab - 1),
            SpecialTokens = special,
            Name = json.OptionalString("name") ?? Path.GetFileName(directory),
            Source = json.OptionalString("source"),
            License = json.OptionalString("license"),
        };
    }
}
