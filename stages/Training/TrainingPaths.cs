namespace DataGen.Stages.Training;

/// <summary>Absolute paths the trainer config names: output folder, model (or an hf hub name), and each phase's JSONL (null = phase skipped).</summary>
public sealed record TrainingPaths(string OutputDirectory, string Model, string? SftData, string? DpoData);
