namespace DataGen.Stages.Evaluation;

/// <summary>95% intervals: Wilson score for shares, normal approximation for means.</summary>
public static class ConfidenceIntervals
{
    public const double Z95 = 1.959963984540054;

    public static RateEstimate Wilson(long count, long total)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, total);
        if (total == 0)
            return new RateEstimate(0, 0, 0, 0, 1);
        var n = (double)total;
        var p = count / n;
        var z2 = Z95 * Z95;
        var denominator = 1 + z2 / n;
        var center = (p + z2 / (2 * n)) / denominator;
        var half = Z95 * Math.Sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denominator;
        return new RateEstimate(count, total, p, Math.Max(0, center - half), Math.Min(1, center + half));
    }

    public static MeanEstimate Mean(IReadOnlyCollection<double> values)
    {
        if (values.Count == 0)
            return new MeanEstimate(0, 0, 0, 0);
        var mean = values.Average();
        if (values.Count == 1)
            return new MeanEstimate(1, mean, mean, mean);
        var variance = values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1);
        var half = Z95 * Math.Sqrt(variance / values.Count);
        return new MeanEstimate(values.Count, mean, mean - half, mean + half);
    }

    /// <summary>Nearest-rank percentile: the ceil(q·n)-th smallest value (q in (0, 1]).</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double q)
    {
        if (sorted.Count == 0)
            return 0;
        var rank = (int)Math.Ceiling(q * sorted.Count);
        return sorted[Math.Clamp(rank, 1, sorted.Count) - 1];
    }
}
