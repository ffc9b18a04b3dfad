using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DataGen.Stages.Llm.Onnx;

/// <summary>An IChatClient over an embedded byte-level ONNX LM; concurrent requests are decoded together in batches.</summary>
public sealed class OnnxChatClient : IChatClient
{
    private static readonly TimeSpan BatchWindow = TimeSpan.FromMilliseconds(5);

    private readonly OnnxCausalLm _lm;
    private readonly bool _ownsModel;
    private readonly GenerationScheduler _scheduler;
    private readonly ChatClientMetadata _metadata;
    private readonly BacktrackingOptions? _backtracking;

    /// <param name="backtracking">Backtracking decoding defaults; requests may override them (see ChatOptionsMapping).</param>
    public OnnxChatClient(OnnxCausalLm lm, int maxBatchSize = 8, ILogger? logger = null, bool ownsModel = true, BacktrackingOptions? backtracking = null)
    {
        ArgumentNullException.ThrowIfNull(lm);
        if (backtracking?.Validate("backtracking").FirstOrDefault() is { } error)
            throw new ArgumentException(error, nameof(backtracking));
        _backtracking = backtracking;
        _lm = lm;
        _ownsModel = ownsModel;
        _scheduler = new GenerationScheduler(lm, maxBatchSize, BatchWindow, logger ?? NullLogger.Instance);
        _metadata = new ChatClientMetadata("onnx", new Uri(lm.Descriptor.Directory), lm.Descriptor.Name);
    }

    public OnnxCausalLm Model => _lm;

    /// <summary>Most requests decoded together so far.</summary>
    public int LargestBatch => _scheduler.LargestBatch;

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        var request = Submit(messages, options, cancellationToken);
        var text = new StringBuilder();
        await foreach (var piece in request.Pieces.ReadAllAsync(cancellationToken))
        {
            cancellationToken.ThrowIfCancellationRequested();
            text.Append(piece);
        }
        return new ChatResponse(new ChatMessage(ChatRole.Assistant, text.ToString()))
        {
            ModelId = _lm.Descriptor.Name,
            FinishReason = request.FinishReason,
            Usage = Usage(request),
            AdditionalProperties = Stats(request),
        };
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages,
        ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var request = Submit(messages, options, cancellationToken);
        var responseId = Guid.NewGuid().ToString("N");
        await foreach (var piece in request.Pieces.ReadAllAsync(cancellationToken))
        {
            // Pieces already buffered must not outlive a cancellation.
            cancellationToken.ThrowIfCancellationRequested();
            yield return new ChatResponseUpdate(ChatRole.Assistant, piece) { ModelId = _lm.Descriptor.Name, ResponseId = responseId, MessageId = responseId };
        }
        yield return new ChatResponseUpdate(ChatRole.Assistant, [new UsageContent(Usage(request))])
        {
            ModelId = _lm.Descriptor.Name,
            ResponseId = responseId,
            MessageId = responseId,
            FinishReason = request.FinishReason,
            AdditionalProperties = Stats(request),
        };
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
            return null;
        if (serviceType == typeof(ChatClientMetadata))
            return _metadata;
        if (serviceType == typeof(OnnxCausalLm))
            return _lm;
        return serviceType.IsInstanceOfType(this) ? this : null;
    }

    private GenerationRequest Submit(IEnumerable<ChatMessage> messages, ChatOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var tokens = CompletionPrompt.Encode(CompletionPrompt.Format(messages), _lm.Descriptor);
        if (tokens.Length > _lm.Descriptor.MaxPositions)
            throw new ArgumentException($"the prompt is {tokens.Length} tokens (BOS + UTF-8 bytes) but model {_lm.Descriptor.Name} allows max_positions = {_lm.Descriptor.MaxPositions}; shorten it", nameof(messages));
        var request = new GenerationRequest(tokens, ChatOptionsMapping.ToSettings(options, _lm.Descriptor, _backtracking), cancellationToken);
        _scheduler.Enqueue(request);
        return request;
    }

    private static UsageDetails Usage(GenerationRequest request) => new()
    {
        InputTokenCount = request.PromptTokens.Count,
        OutputTokenCount = request.OutputTokens,
        TotalTokenCount = request.PromptTokens.Count + request.OutputTokens,
    };

    /// <summary>Backtracking stats of a request that ran with backtracking decoding; null otherwise.</summary>
    private static AdditionalPropertiesDictionary? Stats(GenerationRequest request) => request.Visible is not { } visible ? null : new()
    {
        [ResponseStatsKeys.Backtracks] = visible.Backtracks,
        [ResponseStatsKeys.TokensGenerated] = request.OutputTokens,
        [ResponseStatsKeys.TokensKept] = visible.TokensKept,
        [ResponseStatsKeys.Retracted] = visible.Retracted.ToArray(),
    };

    public void Dispose()
    {
        _scheduler.DisposeAsync().AsTask().GetAwaiter().GetResult();
        if (_ownsModel)
            _lm.Dispose();
    }
}
