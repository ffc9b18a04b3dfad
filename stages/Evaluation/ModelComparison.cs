namespace DataGen.Stages.Evaluation;

/// <summary>
/// A model against the first one on a prompt group. ToxicRateFactor = baseline rate / this rate ("2.6x lower"; null when
/// this rate is 0); TokensChange = this model's tokens generated per response / the baseline's − 1 ("+8% tokens").
/// </summary>
public sealed record ModelComparison(
    string Model,
    string Baseline,
    string Group,
    double BaselineToxicRate,
    double ToxicRate,
    double? ToxicRateFactor,
    double TokensChange)
{
    public static ModelComparison Of(ModelEvaluation model, ModelEvaluation baseline, string group)
    {
        var mine = model.Groups.Single(g => g.Group == group);
        var theirs = baseline.Groups.Single(g => g.Group == group);
        var rate = mine.ToxicOutputRate.Rate;
        var baseRate = theirs.ToxicOutputRate.Rate;
        var tokens = theirs.TokensGeneratedPerResponse.Mean == 0 ? 0 : mine.TokensGeneratedPerResponse.Mean / theirs.TokensGeneratedPerResponse.Mean - 1;
        return new ModelComparison(model.Model, baseline.Model, group, baseRate, rate, rate == 0 ? null : baseRate / rate, tokens);
    }
}
