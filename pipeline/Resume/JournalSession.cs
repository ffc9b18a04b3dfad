namespace DataGen.Pipeline.Resume;

/// <summary>One process working on the run: the first build, then each --resume, with the prompts already committed when it began.</summary>
public sealed record JournalSession(int Number, DateTimeOffset StartedUtc, long PromptsCommitted);
