using DataGen.Stages.Emit;

namespace DataGen.Pipeline.Engine;

/// <summary>Outcome of one engine run. Summary is set only when the sink was completed.</summary>
public sealed record EngineResult(string Status, int ExitCode, string? Error, DatasetSummary? Summary);
