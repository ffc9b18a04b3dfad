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

    public OnnxChatClient(OnnxCausalLm lm, int maxBatchSize = 8, ILogger? logger = null, bool ownsModel = true)
    {
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
        var request = new GenerationRequest(tokens, ChatOptionsMapping.ToSettings(options, _lm.Descriptor), cancellationToken);
        _scheduler.Enqueue(request);
        return request;
    }

    private static UsageDetails Usage(GenerationRequest request) => new()
    {
        InputTokenCount = request.PromptTokens.Count,
        OutputTokenCount = request.OutputTokens,
        TotalTokenCount = request.PromptTokens.Count + request.OutputTokens,
    };

    public void Dispose()
    {
        _scheduler.DisposeAsync().AsTask().GetAwaiter().GetResult();
        if (_ownsModel)
            _lm.Dispose();
    }
}
