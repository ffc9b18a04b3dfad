namespace DataGen.Pipeline.Build;

/// <summary>
/// The arguments of `datagen build` as given (null = not given). ResumeDirectory continues a stopped run (an empty
/// ConfigPath then means the config the run was started with); Force resumes even though the config changed.
/// </summary>
public sealed record BuildRequest(
    string ConfigPath, string? OutputDirectory = null, long? Limit = null, bool Sequential = false, long? Seed = null,
    string? ResumeDirectory = null, bool Force = false);
