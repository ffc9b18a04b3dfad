namespace DataGen.Stages.Evaluation;

/// <summary>The JSON report of `datagen eval` (format datagen-eval/1; keys are snake_case).</summary>
public sealed record EvalReport(
    string Format,
    DateTimeOffset CreatedUtc,
    string Prompts,
    string? BenignPrompts,
    string Classifier,
    EvalSettings Settings,
    IReadOnlyList<ModelEvaluation> Models,
    IReadOnlyList<ModelComparison> Comparisons)
{
    public const string FormatName = "datagen-eval/1";
}
