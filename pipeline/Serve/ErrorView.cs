namespace DataGen.Pipeline.Serve;

/// <summary>The last error a run or the scheduler reported, one line.</summary>
public sealed record ErrorView(DateTimeOffset AtUtc, string Message);
