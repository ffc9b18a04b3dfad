namespace DataGen.Stages.Spans.Evaluation;

/// <summary>One input record: its 1-based starting line and its cells (JSON non-string values as raw JSON text).</summary>
public sealed record TableRow(long Line, IReadOnlyDictionary<string, string?> Cells);
