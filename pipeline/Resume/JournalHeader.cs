namespace DataGen.Pipeline.Resume;

/// <summary>First journal line: what the run was started with; a resume must continue with the same.</summary>
public sealed record JournalHeader(int Version, string ConfigPath, string ConfigHash, long Seed, long? Limit, int PartRows, DateTimeOffset CreatedUtc);
