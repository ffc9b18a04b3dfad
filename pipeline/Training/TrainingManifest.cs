using System.Text.Json;

namespace DataGen.Pipeline.Training;

/// <summary>RUN/train/manifest.json: what one `datagen train` did, written at the end whatever the outcome (completed, failed, cancelled, invalid).</summary>
public sealed record TrainingManifest(
    string Status,
    int ExitCode,
    int? TrainerExitCode,
    string? Error,
    string DatagenVersion,
    DateTimeOffset StartedUtc,
    DateTimeOffset EndedUtc,
    double DurationSeconds,
    string PipelineConfig,
    string RunDirectory,
    string? TrainerConfig,
    string? Trainer,
    TrainingManifestPython? Python,
    bool Resume,
    string? ResumedFrom,
    TrainingManifestData? Data,
    IReadOnlyList<TrainingManifestPhase> Phases,
    double? FinalRewardAccuracy,
    double? FinalRewardMargin,
    string? Checkpoint,
    string? ModelDir,
    long Events,
    long InvalidLines,
    JsonElement? Metrics);

/// <summary>The interpreter that ran the trainer.</summary>
public sealed record TrainingManifestPython(string Command, string Executable, string PythonVersion, string TorchVersion);

/// <summary>The JSONL files given to the trainer and the Parquet parts they came from.</summary>
public sealed record TrainingManifestData(string? Sft, string? Dpo, long SftRows, long DpoRows, IReadOnlyDictionary<string, long> DpoRowsByKind, IReadOnlyList<string> SourceFiles);

/// <summary>One phase as the trainer reported it (steps, first and last loss) with its wall-clock duration.</summary>
public sealed record TrainingManifestPhase(string Phase, long Steps, long TotalSteps, bool Completed, double? LossFirst, double? LossLast, double? RewardAccuracy, double? RewardMargin, double? DurationSeconds);
