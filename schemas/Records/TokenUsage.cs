namespace DataGen.Schemas;

/// <summary>Token counts as reported by a backend (ChatResponse.Usage) or counted locally.</summary>
public sealed record TokenUsage(long InputTokens, long OutputTokens)
{
    public static readonly TokenUsage Zero = new(0, 0);
    public long TotalTokens => InputTokens + OutputTokens;
    public TokenUsage Add(TokenUsage other) => new(InputTokens + other.InputTokens, OutputTokens + other.OutputTokens);
}
