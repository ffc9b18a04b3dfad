namespace DataGen.Pipeline.Inspect;

/// <summary>Backend-reported sampling token usage summed over the samples table.</summary>
public sealed record TokenTotals(long InputTokens, long OutputTokens)
{
    public long TotalTokens => InputTokens + OutputTokens;
}
