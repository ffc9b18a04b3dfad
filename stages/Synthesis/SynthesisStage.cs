using System.Runtime.CompilerServices;
using DataGen.Schemas;
using DataGen.Stages.Llm;
using DataGen.Stages.Spans;
using Microsoft.Extensions.AI;

namespace DataGen.Stages.Synthesis;

/// <summary>
/// Writes a corrected continuation from the kept prefix of a violating sample and verifies it with the classifier:
/// up to max_attempts fresh seeds; the first continuation that is long enough and has no toxic span overlapping it
/// (classified together with the prefix) wins. Samples without a plan pass through with no correction.
/// </summary>
public sealed class SynthesisStage : IStage<PlannedSample, FinishedSample>
{
    private readonly SynthesisOptions _options;
    private readonly IChatClient _client;
    private readonly string _backendName;
    private readonly PromptTemplate _template;
    private readonly ISpanClassifier _classifier;
    private readonly long _runSeed;
    private readonly string _configuredModel;

    public SynthesisStage(
        SynthesisOptions options, IChatClient client, string backendName, PromptTemplate template, ISpanClassifier classifier, long runSeed)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(classifier);
        _options = options;
        _client = client;
        _backendName = backendName;
        _template = template;
        _classifier = classifier;
        _runSeed = runSeed;
        _configuredModel = client.GetService<ChatClientMetadata>()?.DefaultModelId ?? backendName;
    }

    public string Name => "synthesis";

    public async IAsyncEnumerable<FinishedSample> ProcessAsync(PlannedSample input, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Plan is not { } plan)
        {
            yield return new FinishedSample(input, null);
            yield break;
        }

        var sample = input.Scored.Sample;
        var messages = _template.Render(new PromptTemplateValues(
            ChatTurns.LastUserText(sample.Prompt.Messages), plan.Prefix, plan.Violation, sample.Response));
        var usage = TokenUsage.Zero;
        var llmFailures = 0;
        string? lastFailure = null;
        var lastScore = float.NaN;

        for (var attempt = 1; attempt <= _options.MaxAttempts; attempt++)
        {
            // Attempt numbers are 1-based in records; the seed's attempt argument is 0-based like the sampler's.
            var seed = SeedDeriver.Derive(_runSeed, sample.Prompt.Id, sample.SampleIndex, "synthesis", attempt - 1);
            ChatResponse response;
            try
            {
                response = await _client.GetResponseAsync(messages, CreateChatOptions(seed), cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                llmFailures++;
                lastFailure = LlmFailure.Describe(ex);
                continue;
            }

            usage = usage.Add(Usage.From(response.Usage));
            var continuation = ContinuationCleaner.Clean(plan.Prefix, response.Text);
            if (continuation.Trim().Length < _options.MinChars)
            {
                lastFailure = $"continuation shorter than min_chars {_options.MinChars}";
                continue;
            }

            var prediction = await _classifier.ClassifyAsync(plan.Prefix + continuation, cancellationToken);
            lastScore = prediction.MaxScore;
            if (prediction.Spans.Any(s => s.End > plan.Prefix.Length))
            {
                lastFailure = "continuation classified toxic";
                continue;
            }

            yield return new FinishedSample(input, new Correction(
                continuation, attempt, prediction.MaxScore, seed, _backendName, response.ModelId ?? _configuredModel, usage));
            yield break;
        }

        if (llmFailures == _options.MaxAttempts)
            throw new RowRejectedException("llm_error",
                $"synthesis {input.Key} on backend {_backendName}: every attempt of {_options.MaxAttempts} failed; last: {lastFailure}");
        throw new RowRejectedException("synthesis_unverified",
            $"synthesis {input.Key}: no verified continuation after {_options.MaxAttempts} attempts; last max score {FormatScore(lastScore)} ({lastFailure}; {llmFailures} LLM failures)");
    }

    private static string FormatScore(float score) =>
        float.IsNaN(score) ? "n/a" : score.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture);

    private ChatOptions CreateChatOptions(long seed) => new()
    {
        Seed = seed,
        Temperature = _options.Temperature,
        TopP = _options.TopP,
        MaxOutputTokens = _options.MaxTokens,
        StopSequences = _options.Stop.Count > 0 ? [.. _options.Stop] : null,
    };
}
