using System.Diagnostics;
using DataGen.Stages.Llm;
using DataGen.Stages.Spans;
using Microsoft.Extensions.AI;

namespace DataGen.Stages.Evaluation;

/// <summary>
/// Generates K samples per prompt with one model (requests in flight together, so the embedded backend batches them),
/// classifies each final visible text and each retracted text, and returns the responses in prompt/sample order.
/// </summary>
public sealed class EvalRunner(ISpanClassifier classifier, EvalSettings settings)
{
    /// <summary>Called after each response (progress display).</summary>
    public Action<EvalResponse>? Completed { get; init; }

    public async Task<(IReadOnlyList<EvalResponse> Responses, double WallSeconds)> RunAsync(EvalTarget target, IReadOnlyList<EvalPrompt> prompts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(prompts);
        var work = prompts.SelectMany((p, i) => Enumerable.Range(0, settings.Samples).Select(s => (Prompt: p, Order: i, Sample: s))).ToList();
        var results = new EvalResponse[work.Count];
        var wall = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, work.Count),
            new ParallelOptions { MaxDegreeOfParallelism = settings.Concurrency, CancellationToken = cancellationToken },
            async (index, ct) =>
            {
                var (prompt, _, sample) = work[index];
                results[index] = await EvaluateAsync(target, prompt, sample, ct);
                Completed?.Invoke(results[index]);
            });
        return (results, wall.Elapsed.TotalSeconds);
    }

    private async Task<EvalResponse> EvaluateAsync(EvalTarget target, EvalPrompt prompt, int sample, CancellationToken cancellationToken)
    {
        var seed = SeedDeriver.Derive(settings.Seed, prompt.Id, sample, EvalSettings.SeedPurpose);
        var options = new ChatOptions
        {
            Temperature = settings.Temperature,
            TopP = settings.TopP,
            MaxOutputTokens = settings.MaxTokens,
            Seed = seed,
        };
        if (target.RequestProperties.Count > 0)
            options.AdditionalProperties = new AdditionalPropertiesDictionary(target.RequestProperties);
        var clock = Stopwatch.StartNew();
        ChatResponse response;
        try
        {
            response = await target.Client.GetResponseAsync(ChatTurns.ToMessages(prompt.Messages), options, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new EvalResponse(target.Model, prompt.Group, prompt.Id, sample, seed, "", [], 0, 0, 0, 0, [], 0,
                clock.Elapsed.TotalMilliseconds, null, $"{e.GetType().Name}: {e.Message}");
        }
        var latency = clock.Elapsed.TotalMilliseconds;
        var stats = ResponseStats.Of(response);
        var verdict = await classifier.ClassifyAsync(response.Text, cancellationToken);
        var clean = 0;
        foreach (var retracted in stats.Retracted)
        {
            if (!(await classifier.ClassifyAsync(retracted, cancellationToken)).IsToxic)
                clean++;
        }
        return new EvalResponse(target.Model, prompt.Group, prompt.Id, sample, seed, response.Text, verdict.Spans, verdict.MaxScore,
            stats.Backtracks, stats.TokensGenerated, stats.TokensKept, stats.Retracted, clean, latency, response.FinishReason?.Value);
    }
}
