namespace DataGen.Pipeline.Serve;

/// <summary>How many ticks started a run, were skipped or were queued since the service started.</summary>
public sealed record TickTotals(long Started, long Skipped, long Queued);
