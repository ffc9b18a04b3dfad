using System.Text;

namespace DataGen.Stages.Tokenization;

/// <summary>One token per UTF-8 byte (ids 0..255); every byte of a character maps back to that whole character.</summary>
public sealed class ByteTextTokenizer(int padId = ByteTextTokenizer.DefaultPadId, int bosId = ByteTextTokenizer.DefaultBosId, int eosId = ByteTextTokenizer.DefaultEosId) : ITextTokenizer
{
    public const int DefaultPadId = 256;
    public const int DefaultBosId = 257;
    public const int DefaultEosId = 258;

    public string Kind => "bytes";

    public int BosId { get; } = bosId;

    public int EosId { get; } = eosId;

    public int PadId { get; } = padId;

    public TokenizedText Encode(string text)
    {
        var count = Encoding.UTF8.GetByteCount(text);
        if (count == 0)
            return TokenizedText.Empty;
        var ids = new int[count];
        var starts = new int[count];
        var ends = new int[count];
        Span<byte> buffer = stackalloc byte[4];
        var t = 0;
        var i = 0;
        while (i < text.Length)
        {
            // A lone surrogate is encoded as U+FFFD (3 bytes) by Encoding.UTF8, matching GetByteCount above.
            var width = char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? 2 : 1;
            var n = Encoding.UTF8.GetBytes(text.AsSpan(i, width), buffer);
            for (var b = 0; b < n; b++, t++)
            {
                ids[t] = buffer[b];
                starts[t] = i;
                ends[t] = i + width;
            }
            i += width;
        }
        return new TokenizedText(ids, starts, ends);
    }
}
