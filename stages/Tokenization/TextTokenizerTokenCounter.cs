namespace DataGen.Stages.Tokenization;

/// <summary>Counts content tokens (no BOS/EOS) of a vocabulary-based tokenizer.</summary>
public sealed class TextTokenizerTokenCounter(ITextTokenizer tokenizer, string name) : ITokenCounter
{
    public string Name { get; } = name;

    public int CountTokens(string text) => tokenizer.Encode(text).Count;
}
