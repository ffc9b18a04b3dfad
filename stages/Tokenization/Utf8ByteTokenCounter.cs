using System.Text;

namespace DataGen.Stages.Tokenization;

/// <summary>Token count for byte-level models (the bundled policy LM): one token per UTF-8 byte.</summary>
public sealed class Utf8ByteTokenCounter : ITokenCounter
{
    public static readonly Utf8ByteTokenCounter Instance = new();

    public string Name => "bytes";

    public int CountTokens(string text) => Encoding.UTF8.GetByteCount(text);
}
