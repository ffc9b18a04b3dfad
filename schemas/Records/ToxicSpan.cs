namespace DataGen.Schemas;

/// <summary>A toxic character span [Start, End) in UTF-16 code units of the classified text, with the max token score inside it.</summary>
public sealed record ToxicSpan(int Start, int End, float Score)
{
    public int Length => End - Start;
}
