using System.Runtime.CompilerServices;
using DataGen.Schemas;
using DataGen.Stages.Llm;
using Microsoft.Extensions.AI;

namespace DataGen.Stages.Sampling;

/// <summary>
/// Draws one response per <see cref="SampleRequest"/> with a seed derived from (run seed, prompt id, sample index).
/// Feed it from <see cref="SampleFanOut"/>; a failed request rejects that sample only ("llm_error").
/// </summary>
public sealed class SamplingStage : IStage<SampleRequest, Sample>
{
    private readonly SamplingOptions _options;
    private readonly IChatClient _client;
    private readonly string _backendName;
    private readonly long _runSeed;
    private readonly PromptTemplate? _template;
    private readonly string _configuredModel;

    public SamplingStage(SamplingOptions options, IChatClient client, string backendName, long runSeed, PromptTemplate? template)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(client);
        _options = options;
        _client = client;
        _backendName = backendName;
        _runSeed = runSeed;
        _template = template;
        _template?.RequireOnly(Name, "prompt");
        _configuredModel = client.GetService<ChatClientMetadata>()?.DefaultModelId ?? backendName;
    }

    public string Name => "sampling";

    public async IAsyncEnumerable<Sample> ProcessAsync(SampleRequest input, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var prompt = input.Prompt;
        var seed = SeedDeriver.Derive(_runSeed, prompt.Id, input.SampleIndex, "sample");
        var messages = _template is null
            ? ChatTurns.ToMessages(prompt.Messages)
            : _template.Render(new PromptTemplateValues(ChatTurns.LastUserText(prompt.Messages)));

        ChatResponse response;
        try
        {
            response = await _client.GetResponseAsync(messages, CreateChatOptions(seed), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw new RowRejectedException("llm_error", $"sample {input.Key} from backend {_backendName}: {LlmFailure.Describe(ex)}", ex);
        }

        var text = response.Text;
        if (string.IsNullOrWhiteSpace(text))
            throw new RowRejectedException("empty_response",
                $"sample {input.Key} from backend {_backendName}: empty response (finish reason {response.FinishReason?.Value ?? "none"})");

        yield return new Sample(
            prompt,
            input.SampleIndex,
            text,
            _backendName,
            response.ModelId ?? _configuredModel,
            seed,
            Usage.From(response.Usage),
            response.FinishReason?.Value);
    }

    private ChatOptions CreateChatOptions(long seed) => new()
    {
        Seed = seed,
        Temperature = _options.Temperature,
        TopP = _options.TopP,
        TopK = _options.TopK,
        MaxOutputTokens = _options.MaxTokens,
        StopSequences = _options.Stop.Count > 0 ? [.. _options.Stop] : null,
    };
}
