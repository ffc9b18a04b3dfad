using System.Threading.Channels;
using DataGen.Stages.Tokenization;
using Microsoft.Extensions.Logging;

namespace DataGen.Stages.Spans;

/// <summary>
/// ISpanClassifier over an <see cref="OnnxTokenClassifier"/>: callers tokenize and split their text into windows
/// on their own thread, the windows go into a channel, and one loop runs them in batches of up to BatchSize
/// (waiting at most MaxWaitMs for a batch to fill), sorted by length so padding stays small. A token's score is
/// the max over the windows covering it (conservative: a toxic reading in any context counts).
/// </summary>
public sealed class MicroBatchingSpanClassifier : ISpanClassifier
{
    private readonly OnnxTokenClassifier _model;
    private readonly ILogger _logger;
    private readonly Channel<WindowWork> _queue = Channel.CreateUnbounded<WindowWork>(new UnboundedChannelOptions { SingleReader = true });
    private readonly int _batchSize;
    private readonly TimeSpan _maxWait;
    private readonly int _contentPerWindow;
    private readonly int _overlap;
    private readonly Task _loop;
    private readonly CancellationTokenSource _stopping = new();
    private readonly WordSpanPostprocess? _postprocess;
    private long _batches;
    private long _windows;
    private int _disposed;

    public MicroBatchingSpanClassifier(OnnxTokenClassifier model, ModelIdentity identity, ClassifierOptions options, ILogger logger)
    {
        _model = model;
        _logger = logger;
        Identity = identity;
        // The descriptor's word post-processing (when present and enabled) comes with its own tuned threshold.
        _postprocess = options.WordSpans && model.Descriptor.Postprocess is { } word
            ? word with { Threshold = options.Threshold ?? word.Threshold }
            : null;
        Threshold = _postprocess?.Threshold ?? options.Threshold ?? model.Descriptor.Threshold;
        _batchSize = options.BatchSize;
        _maxWait = TimeSpan.FromMilliseconds(options.MaxWaitMs);
        var windowTokens = Math.Min(options.WindowTokens ?? model.Descriptor.MaxLength, model.Descriptor.MaxLength);
        _contentPerWindow = windowTokens - 2;
        if (_contentPerWindow < 1)
            throw new ArgumentException($"window of {windowTokens} tokens leaves no room for text beside BOS and EOS");
        _overlap = Math.Clamp(options.OverlapTokens, 0, (_contentPerWindow - 1) / 2);
        _loop = Task.Run(RunLoopAsync);
        SpanLog.ClassifierLoaded(logger, model.Descriptor.Name, identity.Path, model.ActiveDevice, windowTokens, _overlap, Threshold, _batchSize);
    }

    public ModelIdentity Identity { get; }

    public float Threshold { get; }

    /// <summary>Where the model runs after any CUDA fallback: "cpu" or "cuda:N".</summary>
    public string ActiveDevice => _model.ActiveDevice;

    /// <summary>ONNX runs so far (each one batch).</summary>
    public long BatchCount => Interlocked.Read(ref _batches);

    /// <summary>Windows scored so far.</summary>
    public long WindowCount => Interlocked.Read(ref _windows);

    public ValueTask<SpanPrediction> ClassifyAsync(string text, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        cancellationToken.ThrowIfCancellationRequested();
        if (text.Length == 0)
            return ValueTask.FromResult(SpanPrediction.Clean);
        var tokens = _model.Descriptor.Tokenizer.Encode(text);
        if (tokens.Count == 0)
            return ValueTask.FromResult(new SpanPrediction([], 0f));
        var plan = WindowPlanner.Plan(tokens.Count, _contentPerWindow, _overlap);
        var request = new ClassifyRequest(text, tokens, plan.Count, Threshold, _postprocess, cancellationToken);
        foreach (var (start, length) in plan)
            ObjectDisposedException.ThrowIf(!_queue.Writer.TryWrite(new WindowWork(request, start, length)), this);
        return new ValueTask<SpanPrediction>(request.Task);
    }

    private async Task RunLoopAsync()
    {
        var reader = _queue.Reader;
        var batch = new List<WindowWork>(_batchSize);
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            Collect(reader, batch);
            if (batch.Count < _batchSize && _maxWait > TimeSpan.Zero)
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
                wait.CancelAfter(_maxWait);
                try
                {
                    while (batch.Count < _batchSize && await reader.WaitToReadAsync(wait.Token).ConfigureAwait(false))
                        Collect(reader, batch);
                }
                catch (OperationCanceledException)
                {
                    // Waited long enough (or shutting down): run what we have.
                }
            }
            RunBatch(batch);
            batch.Clear();
        }
    }

    private void Collect(ChannelReader<WindowWork> reader, List<WindowWork> batch)
    {
        while (batch.Count < _batchSize && reader.TryRead(out var work))
        {
            if (!work.Request.IsCompleted)
                batch.Add(work); // windows of cancelled callers are skipped
        }
    }

    private void RunBatch(List<WindowWork> batch)
    {
        if (batch.Count == 0)
            return;
        batch.Sort(static (a, b) => a.Length.CompareTo(b.Length));
        var inputs = new ReadOnlyMemory<int>[batch.Count];
        for (var i = 0; i < batch.Count; i++)
            inputs[i] = batch[i].Request.Tokens.Ids.AsMemory(batch[i].Start, batch[i].Length);
        float[][] scores;
        try
        {
            scores = _model.Score(inputs);
        }
        catch (Exception e)
        {
            SpanLog.BatchFailed(_logger, batch.Count, e);
            foreach (var work in batch)
                work.Request.Fail(e);
            return;
        }
        Interlocked.Increment(ref _batches);
        Interlocked.Add(ref _windows, batch.Count);
        for (var i = 0; i < batch.Count; i++)
            batch[i].Request.AddWindowScores(batch[i].Start, scores[i]);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        _queue.Writer.TryComplete();
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stopping.Dispose();
        _model.Dispose();
    }

    private readonly record struct WindowWork(ClassifyRequest Request, int Start, int Length);
}
