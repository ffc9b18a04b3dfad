using System.Globalization;
using Microsoft.ML.Tokenizers;

namespace DataGen.Stages.Tokenization;

/// <summary>
/// BERT-style WordPiece over vocab.txt. Basic tokenization (whitespace split, punctuation and CJK characters
/// alone, optional per-character lowercasing) is done here so offsets index the original text exactly;
/// each word then goes through Microsoft.ML.Tokenizers' WordPieceTokenizer. Accents are not stripped.
/// </summary>
public sealed class WordPieceTextTokenizer : ITextTokenizer
{
    private readonly WordPieceTokenizer _wordPiece;
    private readonly bool _lowercase;

    private WordPieceTextTokenizer(WordPieceTokenizer wordPiece, bool lowercase, int bosId, int eosId, int padId)
    {
        _wordPiece = wordPiece;
        _lowercase = lowercase;
        BosId = bosId;
        EosId = eosId;
        PadId = padId;
    }

    public string Kind => "wordpiece";

    public int BosId { get; }

    public int EosId { get; }

    public int PadId { get; }

    /// <summary>Loads vocab.txt (one token a line, id = line index); special tokens must be in it.</summary>
    public static WordPieceTextTokenizer Load(string vocabPath, bool lowercase, string bos = "[CLS]", string eos = "[SEP]", string pad = "[PAD]", bool requireSpecials = true)
    {
        if (!File.Exists(vocabPath))
            throw new ModelFolderException($"{vocabPath}: WordPiece vocabulary not found; put vocab.txt (one token a line) in the model folder");
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var lineNo = 0;
        foreach (var line in File.ReadLines(vocabPath))
            ids.TryAdd(line.TrimEnd('\r'), lineNo++);
        int Special(string token, string role) => ids.TryGetValue(token, out var id)
            ? id
            : !requireSpecials ? -1 : throw new ModelFolderException($"{vocabPath}: {role} token '{token}' is not in the vocabulary; add it or set tokenizer.{role} in the descriptor");
        var bosId = Special(bos, "bos");
        var eosId = Special(eos, "eos");
        var padId = Special(pad, "pad");
        var unknown = ids.ContainsKey("[UNK]") ? "[UNK]" : throw new ModelFolderException($"{vocabPath}: '[UNK]' is not in the vocabulary; WordPiece needs it for unknown words");
        var wordPiece = WordPieceTokenizer.Create(vocabPath, new WordPieceOptions { UnknownToken = unknown });
        return new WordPieceTextTokenizer(wordPiece, lowercase, bosId, eosId, padId);
    }

    public TokenizedText Encode(string text)
    {
        var ids = new List<int>();
        var starts = new List<int>();
        var ends = new List<int>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                i++;
                continue;
            }
            var width = char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? 2 : 1;
            if (IsStandalone(text, i))
            {
                AddWord(text, i, width, ids, starts, ends);
                i += width;
                continue;
            }
            var start = i;
            while (i < text.Length && !char.IsWhiteSpace(text[i]) && !char.IsControl(text[i]) && !IsStandalone(text, i))
                i += char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? 2 : 1;
            AddWord(text, start, i - start, ids, starts, ends);
        }
        return new TokenizedText([.. ids], [.. starts], [.. ends]);
    }

    private void AddWord(string text, int start, int length, List<int> ids, List<int> starts, List<int> ends)
    {
        var word = text.Substring(start, length);
        if (_lowercase)
            word = word.ToLowerInvariant(); // per-character mapping: length (and so offsets) unchanged
        foreach (var token in _wordPiece.EncodeToTokens(word, out _))
        {
            ids.Add(token.Id);
            var (offset, count) = token.Offset.GetOffsetAndLength(length);
            starts.Add(start + offset);
            ends.Add(start + offset + count);
        }
    }

    // BERT's basic tokenizer puts each punctuation and CJK character in a word of its own.
    private static bool IsStandalone(string text, int i)
    {
        var c = text[i];
        if (c is >= '!' and <= '/' or >= ':' and <= '@' or >= '[' and <= '`' or >= '{' and <= '~')
            return true;
        var category = CharUnicodeInfo.GetUnicodeCategory(text, i);
        if (category is UnicodeCategory.ConnectorPunctuation or UnicodeCategory.DashPunctuation or UnicodeCategory.OpenPunctuation
            or UnicodeCategory.ClosePunctuation or UnicodeCategory.InitialQuotePunctuation or UnicodeCategory.FinalQuotePunctuation
            or UnicodeCategory.OtherPunctuation)
            return true;
        var cp = char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? char.ConvertToUtf32(c, text[i + 1]) : c;
        return cp is >= 0x4E00 and <= 0x9FFF or >= 0x3400 and <= 0x4DBF or >= 0x20000 and <= 0x2A6DF or >= 0x2A700 and <= 0x2B73F
            or >= 0x2B740 and <= 0x2B81F or >= 0x2B820 and <= 0x2CEAF or >= 0xF900 and <= 0xFAFF or >= 0x2F800 and <= 0x2FA1F;
    }
}
