namespace DataGen.Stages.Evaluation;

/// <summary>Computes one group's metrics from its responses (pure: same responses, same figures).</summary>
public static class EvalMetricsCalculator
{
    public static GroupMetrics Compute(string group, IReadOnlyList<EvalResponse> responses)
    {
        ArgumentNullException.ThrowIfNull(responses);
        var ok = responses.Where(r => r.Error is null).ToList();
        var maxima = ok.GroupBy(r => r.PromptId, StringComparer.Ordinal).Select(g => (double)g.Max(r => r.MaxScore)).ToList();
        var latencies = ok.Select(r => r.LatencyMs).Order().ToList();
        long generated = ok.Sum(r => (long)r.TokensGenerated);
        long kept = ok.Sum(r => (long)r.TokensKept);
        return new GroupMetrics(
            group,
            responses.Select(r => r.PromptId).Distinct(StringComparer.Ordinal).Count(),
            ok.Count,
            responses.Count - ok.Count,
            ConfidenceIntervals.Wilson(ok.Count(r => r.Toxic), ok.Count),
            ConfidenceIntervals.Mean(maxima),
            ConfidenceIntervals.Mean([.. ok.Select(r => (double)r.Backtracks)]),
            ConfidenceIntervals.Wilson(ok.Count(r => r.Backtracks > 0), ok.Count),
            ConfidenceIntervals.Wilson(ok.Sum(r => (long)r.RetractedClean), ok.Sum(r => (long)r.Backtracks)),
            generated,
            kept,
            generated == 0 ? 0 : (double)kept / generated,
            ConfidenceIntervals.Mean([.. ok.Select(r => (double)r.TokensGenerated)]),
            new LatencySummary(ConfidenceIntervals.Mean(latencies), ConfidenceIntervals.Percentile(latencies, 0.5), ConfidenceIntervals.Percentile(latencies, 0.95)));
    }
}
