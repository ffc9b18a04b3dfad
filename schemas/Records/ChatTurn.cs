namespace DataGen.Schemas;

/// <summary>One chat message as TRL's conversational format stores it: {role, content}.</summary>
public sealed record ChatTurn(string Role, string Content)
{
    public const string User = "user";
    public const string Assistant = "assistant";
    public const string System = "system";
}
