namespace DataGen.Pipeline.Build;

/// <summary>The arguments of `datagen build` as given (null = not given).</summary>
public sealed record BuildRequest(string ConfigPath, string? OutputDirectory = null, long? Limit = null, bool Sequential = false, long? Seed = null);
