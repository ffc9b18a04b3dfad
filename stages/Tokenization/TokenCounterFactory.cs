using System.Text.Json;

namespace DataGen.Stages.Tokenization;

/// <summary>Makes the policy model's token counter from a config value: "bytes" or a model/tokenizer folder.</summary>
public static class TokenCounterFactory
{
    public static ITokenCounter Create(string spec, string baseDirectory)
    {
        if (string.IsNullOrWhiteSpace(spec))
            throw new ModelFolderException("token counter: empty value; use \"bytes\" or a folder with vocab.json+merges.txt, vocab.txt, model.json or classifier.json");
        if (spec == "bytes")
            return Utf8ByteTokenCounter.Instance;
        var folder = Path.GetFullPath(Path.Combine(baseDirectory, spec));
        if (!Directory.Exists(folder))
            throw new ModelFolderException($"{folder}: token counter folder not found; use \"bytes\" or a folder with vocab.json+merges.txt, vocab.txt, model.json or classifier.json");
        foreach (var descriptorName in new[] { "model.json", "classifier.json" })
        {
            var descriptor = Path.Combine(folder, descriptorName);
            if (File.Exists(descriptor))
                return FromDescriptor(descriptor, folder);
        }
        var vocabJson = Path.Combine(folder, "vocab.json");
        var merges = Path.Combine(folder, "merges.txt");
        if (File.Exists(vocabJson) && File.Exists(merges))
            return new TextTokenizerTokenCounter(BpeTextTokenizer.Load(vocabJson, merges, "<s>", "</s>", null, requireSpecials: false), $"bpe:{folder}");
        var vocabTxt = Path.Combine(folder, "vocab.txt");
        if (File.Exists(vocabTxt))
            return new TextTokenizerTokenCounter(WordPieceTextTokenizer.Load(vocabTxt, lowercase: true, requireSpecials: false), $"wordpiece:{folder}");
        throw new ModelFolderException($"{folder}: no tokenizer found; expected vocab.json+merges.txt (BPE), vocab.txt (WordPiece), or model.json/classifier.json with a tokenizer section");
    }

    private static ITokenCounter FromDescriptor(string descriptor, string folder)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllText(descriptor));
        }
        catch (JsonException e)
        {
            throw new ModelFolderException($"{descriptor}: invalid JSON ({e.Message})");
        }
        using (document)
        {
            if (!document.RootElement.TryGetProperty("tokenizer", out var section))
                throw new ModelFolderException($"{descriptor}: key 'tokenizer' is missing; add {{\"type\": \"bytes\"}} or a wordpiece/bpe section");
            var tokenizer = TextTokenizerFactory.FromDescriptor(section, folder, descriptor);
            return tokenizer.Kind == "bytes"
                ? Utf8ByteTokenCounter.Instance
                : new TextTokenizerTokenCounter(tokenizer, $"{tokenizer.Kind}:{folder}");
        }
    }
}
