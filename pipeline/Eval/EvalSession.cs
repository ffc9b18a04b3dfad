using System.Globalization;
using DataGen.Stages.Evaluation;
using DataGen.Stages.Spans;

namespace DataGen.Pipeline.Eval;

/// <summary>Evaluates the models one after another (so their latencies do not mix) and compares each with the first.</summary>
internal sealed class EvalSession(ISpanClassifier classifier, EvalSettings settings, EvalTargetFactory factory, TextWriter progress)
{
    public sealed record Result(IReadOnlyList<ModelEvaluation> Models, IReadOnlyList<ModelComparison> Comparisons, IReadOnlyList<EvalResponse> Responses);

    public async Task<Result> RunAsync(IReadOnlyList<string> models, IReadOnlyList<EvalPrompt> prompts, bool withBenign, CancellationToken cancellationToken)
    {
        string[] groups = withBenign ? ["toxic", "benign"] : ["toxic"];
        var evaluations = new List<ModelEvaluation>();
        var all = new List<EvalResponse>();
        var runner = new EvalRunner(classifier, settings);
        foreach (var model in models)
        {
            var target = factory.Create(model);
            try
            {
                await progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"eval {model}: {prompts.Count} prompts x {settings.Samples} samples"));
                var (responses, wall) = await runner.RunAsync(target, prompts, cancellationToken);
                var failed = responses.Where(r => r.Error is not null).ToList();
                if (failed.Count > 0)
                    await progress.WriteLineAsync($"warning: {model}: {failed.Count} of {responses.Count} requests failed; first: {failed[0].Error}");
                all.AddRange(responses);
                var metrics = groups.Select(g => EvalMetricsCalculator.Compute(g, [.. responses.Where(r => r.Group == g)])).ToList();
                evaluations.Add(new ModelEvaluation(model, target.Kind, target.Name, target.BacktrackingDecoding, wall, metrics));
            }
            finally
            {
                target.Client.Dispose();
            }
        }
        var comparisons = evaluations.Skip(1).SelectMany(m => groups.Select(g => ModelComparison.Of(m, evaluations[0], g))).ToList();
        return new Result(evaluations, comparisons, all);
    }
}
