namespace DataGen.Pipeline.Serve;

/// <summary>The body of GET /status (serialized snake_case).</summary>
public sealed record StatusSnapshot(
    string State,
    DateTimeOffset StartedUtc,
    string Schedule,
    string Overlap,
    DateTimeOffset? NextTickUtc,
    CurrentRunView? CurrentRun,
    CompletedRunView? LastRun,
    ErrorView? LastError,
    TickTotals Ticks,
    IReadOnlyList<TickEvent> RecentEvents,
    IReadOnlyDictionary<string, double> Metrics);
