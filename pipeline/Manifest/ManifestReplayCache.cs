namespace DataGen.Pipeline.Manifest;

/// <summary>LLM replay cache of this session: its file, answers replayed from it (hits) and requests sent to a backend (misses).</summary>
public sealed record ManifestReplayCache(string Path, long Hits, long Misses);
