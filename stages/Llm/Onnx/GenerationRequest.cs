using System.Threading.Channels;
using Microsoft.Extensions.AI;

namespace DataGen.Stages.Llm.Onnx;

/// <summary>One queued completion: its prompt tokens and settings in, text pieces and the finish out through a channel.</summary>
internal sealed class GenerationRequest(IReadOnlyList<int> promptTokens, SamplingSettings settings, CancellationToken cancellationToken)
{
    private readonly Channel<string> _pieces = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });

    public IReadOnlyList<int> PromptTokens { get; } = promptTokens;
    public SamplingSettings Settings { get; } = settings;
    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>Stop or Length; set before the channel completes.</summary>
    public ChatFinishReason? FinishReason { get; private set; }

    /// <summary>Tokens sampled for this request, EOS included.</summary>
    public int OutputTokens { get; set; }

    /// <summary>Set when backtracking decoding finished this request: the visible-text state with its counts.</summary>
    public VisibleText? Visible { get; set; }

    public ChannelReader<string> Pieces => _pieces.Reader;

    public bool IsDone { get; private set; }

    public void Emit(string piece)
    {
        if (piece.Length > 0)
            _pieces.Writer.TryWrite(piece);
    }

    public void Finish(ChatFinishReason reason)
    {
        FinishReason = reason;
        IsDone = true;
        _pieces.Writer.TryComplete();
    }

    public void Fail(Exception exception)
    {
        IsDone = true;
        _pieces.Writer.TryComplete(exception);
    }
}
