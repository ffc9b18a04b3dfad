namespace DataGen.Pipeline.Training;

/// <summary>The arguments of `datagen train` (null = not given: the config's value is used).</summary>
public sealed record TrainRequest(string ConfigPath, string RunDirectory, bool Resume = false, string? Python = null, int? MaxSteps = null, long? Seed = null);
