namespace DataGen.Pipeline.Serve;

/// <summary>One stage's live counts in /status.</summary>
public sealed record StageView(string Name, long In, long Out, long Rejected);
