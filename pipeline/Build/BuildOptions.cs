using DataGen.Stages.Emit;

namespace DataGen.Pipeline.Build;

/// <summary>
/// What `datagen build` was asked for on the command line, resolved: the run's folder, limits and mode. A resumed
/// run passes what earlier sessions committed (ResumeOutputs) so the sink continues their parts and totals.
/// </summary>
public sealed record BuildOptions(string BaseDirectory, string OutputDirectory, long RunSeed, long? Limit, bool Sequential, DatasetSummary? ResumeOutputs = null);
