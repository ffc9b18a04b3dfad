namespace DataGen.Pipeline.Inspect;

/// <summary>One chat message of an example's prompt.</summary>
public sealed record MessageView(string Role, string Content);
