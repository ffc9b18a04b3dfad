using DataGen.Stages.Tokenization;

namespace DataGen.Stages.Spans;

/// <summary>One caller's text in flight: collects the scores of its windows and completes when the last one lands.</summary>
internal sealed class ClassifyRequest
{
    private readonly TaskCompletionSource<SpanPrediction> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly string _text;
    private readonly float[] _scores;
    private readonly float _threshold;
    private readonly CancellationTokenRegistration _registration;
    private readonly CancellationToken _cancellationToken;
    private int _pendingWindows;

    private readonly WordSpanPostprocess? _postprocess;

    public ClassifyRequest(string text, TokenizedText tokens, int windows, float threshold, WordSpanPostprocess? postprocess, CancellationToken cancellationToken)
    {
        _postprocess = postprocess;
        _text = text;
        Tokens = tokens;
        _scores = new float[tokens.Count];
        _threshold = threshold;
        _pendingWindows = windows;
        _cancellationToken = cancellationToken;
        if (cancellationToken.CanBeCanceled)
            _registration = cancellationToken.Register(static state => ((ClassifyRequest)state!).Cancel(), this);
    }

    public TokenizedText Tokens { get; }

    public Task<SpanPrediction> Task => _completion.Task;

    public bool IsCompleted => _completion.Task.IsCompleted;

    /// <summary>Called only from the batch loop, so the score array needs no lock.</summary>
    public void AddWindowScores(int start, float[] windowScores)
    {
        if (IsCompleted)
            return;
        for (var i = 0; i < windowScores.Length; i++)
            _scores[start + i] = Math.Max(_scores[start + i], windowScores[i]);
        if (--_pendingWindows > 0)
            return;
        try
        {
            _completion.TrySetResult(SpanExtractor.Extract(_text, Tokens, _scores, _threshold, _postprocess));
        }
        catch (Exception e)
        {
            _completion.TrySetException(e);
        }
        _registration.Dispose();
    }

    public void Fail(Exception exception)
    {
        _completion.TrySetException(exception);
        _registration.Dispose();
    }

    private void Cancel() => _completion.TrySetCanceled(_cancellationToken);
}
