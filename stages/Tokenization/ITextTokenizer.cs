namespace DataGen.Stages.Tokenization;

/// <summary>Turns text into model token ids with the UTF-16 character range each token came from.</summary>
public interface ITextTokenizer
{
    /// <summary>bytes | wordpiece | bpe.</summary>
    string Kind { get; }

    /// <summary>Id put before each sequence (BOS / [CLS]).</summary>
    int BosId { get; }

    /// <summary>Id put after each sequence (EOS / [SEP]).</summary>
    int EosId { get; }

    int PadId { get; }

    /// <summary>Content tokens only (no BOS/EOS); offsets are [start, end) in UTF-16 units of <paramref name="text"/>.</summary>
    TokenizedText Encode(string text);
}
