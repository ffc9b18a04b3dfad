namespace DataGen.Pipeline.Training;

/// <summary>The JSONL files written for the trainer (null = phase skipped), their row counts and the Parquet parts they came from.</summary>
public sealed record TrainingData(
    string? SftPath, string? DpoPath, long SftRows, long DpoRows, IReadOnlyDictionary<string, long> DpoRowsByKind, IReadOnlyList<string> SourceFiles);
