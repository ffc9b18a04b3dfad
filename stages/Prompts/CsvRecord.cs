namespace DataGen.Stages.Prompts;

/// <summary>One CSV record: its fields, the line it starts on, and the reason it is bad (null when fine).</summary>
internal sealed record CsvRecord(long Line, IReadOnlyList<string> Fields, string? Reason, string? Problem);
