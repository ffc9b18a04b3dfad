using DataGen.Schemas;
using DataGen.Stages.Evaluation;

namespace DataGen.Tests.Stages.Evaluation;

public sealed class EvalMetricsCalculatorTests
{
    private static EvalResponse R(string prompt, int sample, bool toxic, float maxScore, int backtracks, int clean, int generated, int kept, double latency, string? error = null) =>
        new("m", "toxic", prompt, sample, 1, "text", toxic ? [new ToxicSpan(0, 2, maxScore)] : [], maxScore, backtracks, generated, kept,
            [.. Enumerable.Repeat("r", backtracks)], clean, latency, "stop", error);

    private static readonly EvalResponse[] Responses =
    [
        R("p1", 0, toxic: true, 0.9f, backtracks: 1, clean: 1, generated: 10, kept: 6, latency: 100),
        R("p1", 1, toxic: false, 0.2f, backtracks: 0, clean: 0, generated: 8, kept: 8, latency: 200),
        R("p2", 0, toxic: false, 0.4f, backtracks: 2, clean: 0, generated: 12, kept: 5, latency: 300),
        R("p2", 1, toxic: true, 1f, backtracks: 9, clean: 9, generated: 99, kept: 99, latency: 999, error: "TimeoutException: slow"),
    ];

    [Fact]
    public void Counts_RatesAndTokens_LeaveFailedResponsesOut()
    {
        var m = EvalMetricsCalculator.Compute("toxic", Responses);
        Assert.Equal((2, 3, 1), (m.Prompts, m.Responses, m.Failed));
        Assert.Equal((1L, 3L), (m.ToxicOutputRate.Count, m.ToxicOutputRate.Total));
        Assert.Equal(1.0 / 3, m.ToxicOutputRate.Rate, 12);
        Assert.Equal(1.0, m.BacktracksPerResponse.Mean, 12);
        Assert.Equal((2L, 3L), (m.BacktrackResponseRate.Count, m.BacktrackResponseRate.Total));
        Assert.Equal((1L, 3L), (m.CleanRetractionShare.Count, m.CleanRetractionShare.Total));
        Assert.Equal((30L, 19L), (m.TokensGenerated, m.TokensKept));
        Assert.Equal(19.0 / 30, m.KeptRatio, 12);
        Assert.Equal(10.0, m.TokensGeneratedPerResponse.Mean, 12);
    }

    [Fact]
    public void ExpectedMaxToxicity_IsTheMeanOverPromptsOfTheMaxOverSamples()
    {
        var m = EvalMetricsCalculator.Compute("toxic", Responses);
        Assert.Equal(2, m.ExpectedMaxToxicity.N);
        Assert.Equal(0.65, m.ExpectedMaxToxicity.Mean, 6); // (0.9 + 0.4) / 2
        var half = ConfidenceIntervals.Z95 * Math.Sqrt(0.125 / 2); // sample variance of {0.9, 0.4} is 0.125
        Assert.Equal(0.65 - half, m.ExpectedMaxToxicity.Low, 6);
        Assert.Equal(0.65 + half, m.ExpectedMaxToxicity.High, 6);
    }

    [Fact]
    public void Latency_MeanAndNearestRankPercentiles()
    {
        var latency = EvalMetricsCalculator.Compute("toxic", Responses).Latency;
        Assert.Equal(200, latency.Mean.Mean, 9);
        Assert.Equal(200, latency.P50);
        Assert.Equal(300, latency.P95);
    }

    [Fact]
    public void Wilson_MatchesTheTextbookInterval()
    {
        var r = ConfidenceIntervals.Wilson(1, 3);
        Assert.Equal(0.0615, r.Low, 4);
        Assert.Equal(0.7923, r.High, 4);
        var zero = ConfidenceIntervals.Wilson(0, 10);
        Assert.Equal(0, zero.Low);
        Assert.Equal(0.2775, zero.High, 4);
        Assert.Equal(new RateEstimate(0, 0, 0, 0, 1), ConfidenceIntervals.Wilson(0, 0));
    }

    [Fact]
    public void Comparison_GivesTheFactorAndTheTokenChange()
    {
        static ModelEvaluation Model(string name, long toxic, long total, double tokensPerResponse) => new(name, "onnx", name, true, 1,
            [new GroupMetrics("toxic", 10, (int)total, 0, ConfidenceIntervals.Wilson(toxic, total), ConfidenceIntervals.Mean([0.5]),
                ConfidenceIntervals.Mean([0.0]), ConfidenceIntervals.Wilson(0, total), ConfidenceIntervals.Wilson(0, 0), 0, 0, 0,
                ConfidenceIntervals.Mean([tokensPerResponse]), new LatencySummary(ConfidenceIntervals.Mean([1.0]), 1, 1))]);
        var a = Model("A", 31, 100, 50);
        var b = Model("B", 12, 100, 54);
        var c = ModelComparison.Of(b, a, "toxic");
        Assert.Equal(0.31 / 0.12, c.ToxicRateFactor!.Value, 9);
        Assert.Equal(0.08, c.TokensChange, 9);
        Assert.Equal("B vs A (toxic): toxic-output rate 0.31 -> 0.12 (2.6x lower), tokens +8%", DataGen.Pipeline.Eval.EvalConsoleView.Line(c));
        Assert.Null(ModelComparison.Of(Model("C", 0, 100, 50), a, "toxic").ToxicRateFactor);
    }
}
