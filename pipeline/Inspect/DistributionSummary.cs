namespace DataGen.Pipeline.Inspect;

/// <summary>A summarized distribution (null statistics when it has no values) with its histogram.</summary>
public sealed record DistributionSummary(
    string Name,
    string Unit,
    long Count,
    long? Min,
    long? Max,
    double? Mean,
    long? Median,
    long? P90,
    IReadOnlyList<HistogramBucket> Histogram);
