namespace DataGen.Pipeline.Build;

/// <summary>What `datagen build` was asked for on the command line, resolved: the run's folder, limits and mode.</summary>
public sealed record BuildOptions(string BaseDirectory, string OutputDirectory, long RunSeed, long? Limit, bool Sequential);
