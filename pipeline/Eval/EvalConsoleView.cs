using System.Globalization;
using DataGen.Stages.Evaluation;
using Spectre.Console;

namespace DataGen.Pipeline.Eval;

/// <summary>Prints the eval report as a Spectre table (one row per model and prompt group) and the comparison lines.</summary>
internal sealed class EvalConsoleView(IAnsiConsole console)
{
    public void Render(EvalReport report)
    {
        var safety = new Table().Title("safety").AddColumns("model", "group", "responses", "toxic-output rate [[95% CI]]", "exp. max toxicity [[95% CI]]");
        var cost = new Table().Title("backtracking and cost").AddColumns("model", "group", "backtracks/resp", "resp. with backtrack",
            "clean retractions", "tokens generated", "tokens kept", "latency ms mean/p50/p95", "wall s");
        foreach (var model in report.Models)
        {
            foreach (var g in model.Groups)
            {
                safety.AddRow([.. new[] { model.Model, g.Group, Count(g), Rate(g.ToxicOutputRate), Mean(g.ExpectedMaxToxicity, "F3") }.Select(Markup.Escape)]);
                cost.AddRow([.. new[] { model.Model, g.Group, Mean(g.BacktracksPerResponse, "F2"), Rate(g.BacktrackResponseRate), Rate(g.CleanRetractionShare),
                    F($"{g.TokensGenerated}"), F($"{g.TokensKept} ({g.KeptRatio:P0})"),
                    F($"{g.Latency.Mean.Mean:F0}/{g.Latency.P50:F0}/{g.Latency.P95:F0}"), F($"{model.WallSeconds:F1}") }.Select(Markup.Escape)]);
            }
        }
        console.Write(safety);
        console.Write(cost);
        foreach (var line in report.Comparisons.Select(Line))
            console.WriteLine(line);
    }

    /// <summary>"B vs A (toxic): toxic-output rate 0.31 -> 0.12 (2.6x lower), tokens +8%".</summary>
    public static string Line(ModelComparison c)
    {
        var factor = c.ToxicRateFactor switch
        {
            null => c.BaselineToxicRate > 0 ? "none left" : "both 0",
            >= 1 and var f => F($"{f:F1}x lower"),
            var f => F($"{1 / f:F1}x higher"),
        };
        return F($"{c.Model} vs {c.Baseline} ({c.Group}): toxic-output rate {c.BaselineToxicRate:F2} -> {c.ToxicRate:F2} ({factor}), tokens {c.TokensChange:+0%;-0%;+0%}");
    }

    private static string Count(GroupMetrics g) => g.Failed == 0 ? F($"{g.Responses}") : F($"{g.Responses} ({g.Failed} failed)");

    private static string Rate(RateEstimate r) => F($"{r.Rate:F3} [{r.Low:F3}, {r.High:F3}]");

    private static string Mean(MeanEstimate m, string format) =>
        string.Format(CultureInfo.InvariantCulture, $"{{0:{format}}} [{{1:{format}}}, {{2:{format}}}]", m.Mean, m.Low, m.High);

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
