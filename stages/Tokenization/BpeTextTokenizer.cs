using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.ML.Tokenizers;

namespace DataGen.Stages.Tokenization;

/// <summary>GPT-2 style byte-level BPE (vocab.json + merges.txt) through Microsoft.ML.Tokenizers' BpeTokenizer.</summary>
public sealed partial class BpeTextTokenizer : ITextTokenizer
{
    private readonly BpeTokenizer _bpe;

    private BpeTextTokenizer(BpeTokenizer bpe, int bosId, int eosId, int padId)
    {
        _bpe = bpe;
        BosId = bosId;
        EosId = eosId;
        PadId = padId;
    }

    public string Kind => "bpe";

    public int BosId { get; }

    public int EosId { get; }

    public int PadId { get; }

    // The GPT-2 pre-tokenization pattern: words keep their leading space (as 'Ġ').
    [GeneratedRegex(@"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+")]
    private static partial Regex Gpt2Pattern();

    public static BpeTextTokenizer Load(string vocabPath, string mergesPath, string bos = "<s>", string eos = "</s>", string? pad = "<pad>", bool requireSpecials = true)
    {
        foreach (var (path, what) in new[] { (vocabPath, "vocab.json"), (mergesPath, "merges.txt") })
            if (!File.Exists(path))
                throw new ModelFolderException($"{path}: BPE {what} not found; a bpe tokenizer needs vocab.json and merges.txt in the model folder");
        Dictionary<string, int> vocab;
        try
        {
            vocab = JsonSerializer.Deserialize<Dictionary<string, int>>(File.ReadAllText(vocabPath))
                ?? throw new JsonException("null document");
        }
        catch (JsonException e)
        {
            throw new ModelFolderException($"{vocabPath}: not a JSON object of token -> id ({e.Message})");
        }
        int Special(string token, string role) => vocab.TryGetValue(token, out var id)
            ? id
            : !requireSpecials ? -1 : throw new ModelFolderException($"{vocabPath}: {role} token '{token}' is not in the vocabulary; add it or set tokenizer.{role} in the descriptor");
        var bosId = Special(bos, "bos");
        var eosId = Special(eos, "eos");
        // GPT-2 vocabularies often have no pad token: EOS doubles as padding (padded positions are masked anyway).
        var padId = pad is not null && vocab.TryGetValue(pad, out var p) ? p : eosId;
        var options = new BpeOptions(vocabPath, mergesPath)
        {
            ByteLevel = true,
            PreTokenizer = new RegexPreTokenizer(Gpt2Pattern(), null),
        };
        return new BpeTextTokenizer(BpeTokenizer.Create(options), bosId, eosId, padId);
    }

    public TokenizedText Encode(string text)
    {
        if (text.Length == 0)
            return TokenizedText.Empty;
        var tokens = _bpe.EncodeToTokens(text, out _);
        var ids = new int[tokens.Count];
        var starts = new int[tokens.Count];
        var ends = new int[tokens.Count];
        for (var i = 0; i < tokens.Count; i++)
        {
            ids[i] = tokens[i].Id;
            var (start, length) = tokens[i].Offset.GetOffsetAndLength(text.Length);
            var end = start + length;
            // Byte tokens of an astral character report one UTF-16 unit: widen to the whole surrogate pair.
            if (start > 0 && start < text.Length && char.IsLowSurrogate(text[start]) && char.IsHighSurrogate(text[start - 1]))
                start--;
            if (end > 0 && end < text.Length && char.IsHighSurrogate(text[end - 1]) && char.IsLowSurrogate(text[end]))
                end++;
            starts[i] = start;
            ends[i] = Math.Max(end, start);
        }
        return new TokenizedText(ids, starts, ends);
    }
}
