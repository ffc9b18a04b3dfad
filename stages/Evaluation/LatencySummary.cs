namespace DataGen.Stages.Evaluation;

/// <summary>Per-response latency in milliseconds (submission to final text, queueing included); percentiles are nearest-rank.</summary>
public sealed record LatencySummary(MeanEstimate Mean, double P50, double P95);
