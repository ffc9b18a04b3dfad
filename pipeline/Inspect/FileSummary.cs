namespace DataGen.Pipeline.Inspect;

/// <summary>One part file: its output, path, row count and row group count.</summary>
public sealed record FileSummary(string Output, string Path, long Rows, int RowGroups);
