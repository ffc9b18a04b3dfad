namespace DataGen.Pipeline.Serve;

/// <summary>One scheduler decision, kept for /status: Kind is started, skipped or queued; Detail says why.</summary>
public sealed record TickEvent(DateTimeOffset AtUtc, string Kind, string Detail);
