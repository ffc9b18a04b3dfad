using System.Text.Json;
using DataGen.Stages.Tokenization;

namespace DataGen.Stages.Spans;

/// <summary>A token classifier folder's classifier.json (format datagen-token-classifier/1), validated on load.</summary>
public sealed class ClassifierDescriptor
{
    public const string FileName = "classifier.json";
    public const string Format = "datagen-token-classifier/1";

    private ClassifierDescriptor(string folder, string path, string onnxPath, ITextTokenizer tokenizer, int maxLength,
        IReadOnlyList<string> labels, IReadOnlyList<int> toxicLabelIndexes, float threshold, string name, WordSpanPostprocess? postprocess)
    {
        Postprocess = postprocess;
        Folder = folder;
        DescriptorPath = path;
        OnnxPath = onnxPath;
        Tokenizer = tokenizer;
        MaxLength = maxLength;
        Labels = labels;
        ToxicLabelIndexes = toxicLabelIndexes;
        Threshold = threshold;
        Name = name;
    }

    public string Folder { get; }

    public string DescriptorPath { get; }

    public string OnnxPath { get; }

    public ITextTokenizer Tokenizer { get; }

    /// <summary>Longest sequence the model takes, special tokens included.</summary>
    public int MaxLength { get; }

    public IReadOnlyList<string> Labels { get; }

    /// <summary>Indexes into <see cref="Labels"/> whose softmax probabilities add up to a token's toxic score.</summary>
    public IReadOnlyList<int> ToxicLabelIndexes { get; }

    public float Threshold { get; }

    public string Name { get; }

    /// <summary>Optional word-level span post-processing chosen by the model factory (null: per-token threshold).</summary>
    public WordSpanPostprocess? Postprocess { get; }

    public static ClassifierDescriptor Load(string folder)
    {
        folder = Path.GetFullPath(folder);
        var path = Path.Combine(folder, FileName);
        if (!Directory.Exists(folder))
            throw new ModelFolderException($"{folder}: classifier folder not found; set classifier.model (or --model) to a folder holding {FileName}");
        if (!File.Exists(path))
            throw new ModelFolderException($"{path}: not found; a classifier folder needs {FileName} (format {Format}) beside model.onnx");
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new ModelFolderException($"{path}: invalid JSON at line {e.LineNumber + 1} ({e.Message.Split('.')[0]})");
        }
        using (document)
            return Parse(document.RootElement, folder, path);
    }

    private static ClassifierDescriptor Parse(JsonElement root, string folder, string path)
    {
        if (root.ValueKind != JsonValueKind.Object)
            throw new ModelFolderException($"{path}: must hold a JSON object");
        var format = OptionalString(root, "format", path);
        if (format is not null && format != Format)
            throw new ModelFolderException($"{path}: key 'format' is '{format}'; this runtime reads '{Format}'");
        var onnx = OptionalString(root, "onnx", path) ?? "model.onnx";
        var onnxPath = Path.Combine(folder, onnx);
        if (!File.Exists(onnxPath))
            throw new ModelFolderException($"{path}: key 'onnx' names '{onnx}' but {onnxPath} does not exist; export the model there or fix the key");
        if (!root.TryGetProperty("tokenizer", out var tokenizerSection))
            throw new ModelFolderException($"{path}: key 'tokenizer' is missing; add {{\"type\": \"bytes\"}} or a wordpiece/bpe section");
        var tokenizer = TextTokenizerFactory.FromDescriptor(tokenizerSection, folder, path);
        var maxLength = 512;
        if (root.TryGetProperty("max_length", out var ml))
        {
            if (ml.ValueKind != JsonValueKind.Number || !ml.TryGetInt32(out maxLength) || maxLength < 3)
                throw new ModelFolderException($"{path}: key 'max_length' must be an integer >= 3 (special tokens included)");
        }
        var labels = StringList(root, "labels", path)
            ?? throw new ModelFolderException($"{path}: key 'labels' is missing; list the model's output labels, e.g. [\"O\", \"TOXIC\"]");
        if (labels.Count < 2)
            throw new ModelFolderException($"{path}: key 'labels' must list at least 2 labels (got {labels.Count})");
        var toxic = StringList(root, "toxic_labels", path)
            ?? throw new ModelFolderException($"{path}: key 'toxic_labels' is missing; name which of labels [{string.Join(", ", labels)}] count as toxic");
        if (toxic.Count == 0)
            throw new ModelFolderException($"{path}: key 'toxic_labels' is empty; name at least one of [{string.Join(", ", labels)}]");
        var toxicIndexes = new List<int>();
        foreach (var label in toxic)
        {
            var index = labels.IndexOf(label);
            if (index < 0)
                throw new ModelFolderException($"{path}: key 'toxic_labels' names '{label}', which is not in labels [{string.Join(", ", labels)}]");
            toxicIndexes.Add(index);
        }
        if (toxicIndexes.Count == labels.Count)
            throw new ModelFolderException($"{path}: key 'toxic_labels' lists every label; at least one label must be non-toxic");
        var threshold = 0.5f;
        if (root.TryGetProperty("threshold", out var th))
        {
            if (th.ValueKind != JsonValueKind.Number || !th.TryGetSingle(out threshold) || threshold is <= 0 or >= 1)
                throw new ModelFolderException($"{path}: key 'threshold' must be a number in (0, 1)");
        }
        var name = OptionalString(root, "name", path) ?? Path.GetFileName(folder);
        return new ClassifierDescriptor(folder, path, onnxPath, tokenizer, maxLength, labels, toxicIndexes, threshold, name, ParsePostprocess(root, path));
    }

    private static WordSpanPostprocess? ParsePostprocess(JsonElement root, string path)
    {
        if (!root.TryGetProperty("postprocess", out var section) || section.ValueKind == JsonValueKind.Null)
            return null;
        if (section.ValueKind != JsonValueKind.Object)
            throw new ModelFolderException($"{path}: key 'postprocess' must be an object with whole_words, bridge_gaps and threshold");
        bool Flag(string key) => section.TryGetProperty(key, out var v) && v.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new ModelFolderException($"{path}: key 'postprocess.{key}' must be true or false"),
        };
        if (!section.TryGetProperty("threshold", out var th) || th.ValueKind != JsonValueKind.Number || !th.TryGetSingle(out var threshold) || threshold is <= 0 or >= 1)
            throw new ModelFolderException($"{path}: key 'postprocess.threshold' must be a number in (0, 1)");
        double? Fraction(string key, bool allowZero)
        {
            if (!section.TryGetProperty(key, out var v) || v.ValueKind == JsonValueKind.Null)
                return null;
            if (v.ValueKind != JsonValueKind.Number || !v.TryGetDouble(out var x) || x >= 1 || x < 0 || (x == 0 && !allowZero))
                throw new ModelFolderException($"{path}: key 'postprocess.{key}' must be a number in {(allowZero ? "[0, 1)" : "(0, 1)")}");
            return x;
        }
        var minWord = Fraction("min_word_score", allowZero: false);
        var relative = Fraction("relative_to_max", allowZero: true) ?? 0;
        if ((minWord is not null || relative > 0) && !Flag("whole_words"))
            throw new ModelFolderException($"{path}: keys 'postprocess.min_word_score' and 'relative_to_max' need 'postprocess.whole_words' true");
        return new WordSpanPostprocess(Flag("whole_words"), Flag("bridge_gaps"), threshold, minWord, relative);
    }

    private static string? OptionalString(JsonElement root, string key, string path)
    {
        if (!root.TryGetProperty(key, out var value) || value.ValueKind == JsonValueKind.Null)
            return null;
        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw new ModelFolderException($"{path}: key '{key}' must be a string");
    }

    private static List<string>? StringList(JsonElement root, string key, string path)
    {
        if (!root.TryGetProperty(key, out var value) || value.ValueKind == JsonValueKind.Null)
            return null;
        if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.String))
            throw new ModelFolderException($"{path}: key '{key}' must be a list of strings");
        return [.. value.EnumerateArray().Select(v => v.GetString()!)];
    }
}
