namespace DataGen.Stages.Evaluation;

/// <summary>A share Count/Total with its 95% Wilson score interval (Total 0: rate 0, interval [0, 1]).</summary>
public sealed record RateEstimate(long Count, long Total, double Rate, double Low, double High);
