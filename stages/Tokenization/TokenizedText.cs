namespace DataGen.Stages.Tokenization;

/// <summary>Token ids of a text and the [Starts[i], Ends[i]) UTF-16 range of the text each token covers.</summary>
public sealed class TokenizedText
{
    public static readonly TokenizedText Empty = new([], [], []);

    public TokenizedText(int[] ids, int[] starts, int[] ends)
    {
        if (ids.Length != starts.Length || ids.Length != ends.Length)
            throw new ArgumentException("ids, starts and ends must have the same length");
        Ids = ids;
        Starts = starts;
        Ends = ends;
    }

    public int[] Ids { get; }

    public int[] Starts { get; }

    public int[] Ends { get; }

    public int Count => Ids.Length;
}
