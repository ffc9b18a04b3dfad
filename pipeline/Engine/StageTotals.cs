using DataGen.Schemas;

namespace DataGen.Pipeline.Engine;

/// <summary>Counts of one stage over committed prompts (stored in the resume journal).</summary>
public sealed record StageTotals(string Name, long In, long Out, long Rejected, double BusySeconds, IReadOnlyDictionary<string, TokenUsage> Usage);
