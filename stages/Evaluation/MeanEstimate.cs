namespace DataGen.Stages.Evaluation;

/// <summary>A mean over N values with its 95% normal-approximation interval (mean ± 1.96 s/√N; N ≤ 1: the mean itself).</summary>
public sealed record MeanEstimate(long N, double Mean, double Low, double High);
