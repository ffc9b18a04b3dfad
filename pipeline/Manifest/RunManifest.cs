namespace DataGen.Pipeline.Manifest;

/// <summary>What a run did, written as manifest.json at the end of every run (completed, failed or cancelled).</summary>
public sealed record RunManifest(
    string Status,
    int ExitCode,
    string? Error,
    string DatagenVersion,
    DateTimeOffset StartedUtc,
    DateTimeOffset EndedUtc,
    double DurationSeconds,
    ManifestConfig Config,
    ManifestSeeds Seeds,
    IReadOnlyList<ManifestModel> Models,
    IReadOnlyList<ManifestStage> Stages,
    long RowsWritten,
    long RejectsWritten,
    IReadOnlyDictionary<string, long> RejectsByReason,
    IReadOnlyDictionary<string, ManifestTokenUsage> TokenUsageByBackend,
    ManifestOutputs? Outputs,
    IReadOnlyDictionary<string, ManifestBackend>? Backends = null,
    ManifestBudget? Budget = null,
    ManifestResume? Resume = null,
    ManifestReplayCache? ReplayCache = null);

/// <summary>
/// The config file and the sha256 of its canonical form (taken before ${VAR} substitution); RewindTokenizer is the
/// policy tokenizer that counted backtrack distances (`bytes` or an absolute folder), so inspect can re-check them.
/// </summary>
public sealed record ManifestConfig(string Path, string Hash, long? Limit, bool Sequential, string RewindTokenizer = "bytes");

public sealed record ManifestSeeds(long Run);

public sealed record ManifestModel(string Kind, string Path, string Sha256);

/// <summary>Counts and busy time of one stage; usage per backend when its outputs carry token usage.</summary>
public sealed record ManifestStage(
    string Name,
    int DegreeOfParallelism,
    long In,
    long Out,
    long Rejected,
    double BusySeconds,
    IReadOnlyDictionary<string, ManifestTokenUsage> TokenUsage);

public sealed record ManifestTokenUsage(long InputTokens, long OutputTokens, long TotalTokens);

/// <summary>Final output files with rows per output and DPO pairs per kind (null when the sink was not completed).</summary>
public sealed record ManifestOutputs(
    IReadOnlyList<string> Files,
    IReadOnlyDictionary<string, long> RowsPerOutput,
    IReadOnlyDictionary<string, long> DpoPairsByKind);
