using DataGen.Stages.Emit;

namespace DataGen.Pipeline.Engine;

/// <summary>
/// Outcome of one engine run. Summary: the completed sink's totals, or for a run that stopped early the totals of the
/// last checkpoint it committed (null when nothing was committed).
/// </summary>
public sealed record EngineResult(string Status, int ExitCode, string? Error, DatasetSummary? Summary);
