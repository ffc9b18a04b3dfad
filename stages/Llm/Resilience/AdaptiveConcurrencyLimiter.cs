namespace DataGen.Stages.Llm.Resilience;

/// <summary>
/// Admits at most <see cref="CurrentLimit"/> requests at once, the limit moved by an <see cref="AimdController"/> from
/// success and overload signals. Waiters are admitted in arrival order; a cancelled waiter leaves the queue.
/// </summary>
public sealed class AdaptiveConcurrencyLimiter
{
    private readonly Lock _lock = new();
    private readonly AimdController _controller;
    private readonly LinkedList<TaskCompletionSource> _waiters = new();
    private int _inFlight;

    public AdaptiveConcurrencyLimiter(int min, int max) => _controller = new AimdController(min, max);

    public int CurrentLimit { get { lock (_lock) return _controller.Current; } }
    public int LowestLimit { get { lock (_lock) return _controller.Lowest; } }
    public int MaxLimit => _controller.Max;
    public int MinLimit => _controller.Min;
    public int Decreases { get { lock (_lock) return _controller.Decreases; } }
    public int InFlight { get { lock (_lock) return _inFlight; } }

    public Task WaitAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        TaskCompletionSource waiter;
        LinkedListNode<TaskCompletionSource> node;
        lock (_lock)
        {
            if (_waiters.Count == 0 && _inFlight < _controller.Current)
            {
                Admit();
                return Task.CompletedTask;
            }
            waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            node = _waiters.AddLast(waiter);
        }
        if (!cancellationToken.CanBeCanceled)
            return waiter.Task;
        var registration = cancellationToken.Register(() =>
        {
            lock (_lock)
            {
                if (node.List is null)
                    return;
                _waiters.Remove(node);
            }
            waiter.TrySetCanceled(cancellationToken);
        });
        return waiter.Task.ContinueWith(
            t => { registration.Dispose(); return t; },
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).Unwrap();
    }

    public void Release()
    {
        lock (_lock)
        {
            _inFlight--;
            Pump();
        }
    }

    public void OnSuccess()
    {
        lock (_lock)
        {
            if (_controller.OnSuccess())
                Pump();
        }
    }

    /// <summary>Returns true when the signal lowered the limit.</summary>
    public bool OnOverload()
    {
        lock (_lock)
            return _controller.OnOverload();
    }

    private void Admit()
    {
        _inFlight++;
        _controller.OnAdmitted();
    }

    private void Pump()
    {
        while (_inFlight < _controller.Current && _waiters.First is { } first)
        {
            _waiters.RemoveFirst();
            Admit();
            first.Value.TrySetResult();
        }
    }
}
