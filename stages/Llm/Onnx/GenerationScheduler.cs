using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace DataGen.Stages.Llm.Onnx;

/// <summary>Collects requests that arrive together (up to the batch size, within a short window) and decodes them as one batch on a dedicated thread.</summary>
internal sealed class GenerationScheduler : IAsyncDisposable
{
    private readonly Channel<GenerationRequest> _queue = Channel.CreateUnbounded<GenerationRequest>(new UnboundedChannelOptions { SingleReader = true });
    private readonly BatchDecoder _decoder;
    private readonly int _maxBatchSize;
    private readonly TimeSpan _window;
    private readonly ILogger _logger;
    private readonly Task _loop;

    public GenerationScheduler(OnnxCausalLm lm, int maxBatchSize, TimeSpan window, ILogger logger)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatchSize, 1);
        _decoder = new BatchDecoder(lm);
        _maxBatchSize = maxBatchSize;
        _window = window;
        _logger = logger;
        // A dedicated thread: ONNX Runtime calls block for the whole decode and should not hold thread-pool threads.
        _loop = Task.Factory.StartNew(Loop, CancellationToken.None,
            TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>Most requests decoded together so far (observability and tests).</summary>
    public int LargestBatch => _decoder.LargestBatch;

    public void Enqueue(GenerationRequest request)
    {
        ObjectDisposedException.ThrowIf(!_queue.Writer.TryWrite(request), typeof(OnnxChatClient));
    }

    private void Loop()
    {
        var reader = _queue.Reader;
        while (reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            var batch = new List<GenerationRequest>(_maxBatchSize);
            using var window = new CancellationTokenSource(_window);
            try
            {
                while (batch.Count < _maxBatchSize)
                {
                    if (reader.TryRead(out var request))
                        batch.Add(request);
                    else if (batch.Count == 0 || !reader.WaitToReadAsync(window.Token).AsTask().GetAwaiter().GetResult())
                        break;
                }
            }
            catch (OperationCanceledException) when (window.IsCancellationRequested)
            {
                // The window closed: decode what has arrived.
            }
            if (batch.Count == 0)
                continue;
            OnnxLog.BatchStarted(_logger, batch.Count);
            try
            {
                _decoder.Run(batch, TakeWaiting, _maxBatchSize);
            }
            catch (Exception ex)
            {
                OnnxLog.BatchFailed(_logger, ex, batch.Count);
                foreach (var request in batch.Where(r => !r.IsDone))
                    request.Fail(ex);
            }
        }
    }

    private IReadOnlyList<GenerationRequest> TakeWaiting(int most)
    {
        var taken = new List<GenerationRequest>();
        while (taken.Count < most && _queue.Reader.TryRead(out var request))
            taken.Add(request);
        return taken;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop;
    }
}
