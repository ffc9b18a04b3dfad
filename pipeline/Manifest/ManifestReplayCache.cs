namespace DataGen.Pipeline.Manifest;

/// <summary>
/// LLM replay cache of this session: its file, answers replayed from it (hits), requests sent to a backend (misses) and
/// answers that could not be recorded (write errors: recording stops after the first).
/// </summary>
public sealed record ManifestReplayCache(string Path, long Hits, long Misses, long WriteErrors = 0);
