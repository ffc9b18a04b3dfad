using DataGen.Pipeline.Engine;
using DataGen.Pipeline.Telemetry;

namespace DataGen.Pipeline.Serve;

/// <summary>What the scheduler and the runs report and /status shows; every member is thread-safe.</summary>
public sealed class ServiceState(ServeOptions options, MetricTotals metrics, TimeProvider time)
{
    private const int MaxEvents = 50;

    private readonly Lock _gate = new();
    private readonly Queue<TickEvent> _events = new();
    private readonly DateTimeOffset _startedUtc = time.GetUtcNow();
    private string _state = ServiceStates.Starting;
    private DateTimeOffset? _nextTick;
    private (string Id, string Folder, DateTimeOffset Started)? _current;
    private RunCounters? _counters;
    private CompletedRunView? _lastRun;
    private ErrorView? _lastError;
    private long _started;
    private long _skipped;
    private long _queued;

    /// <summary>False once the scheduler loop has died: /health answers 503.</summary>
    public bool Healthy
    {
        get
        {
            lock (_gate)
                return _state != ServiceStates.Faulted;
        }
    }

    /// <summary>Id (folder name) of the active run, or null.</summary>
    public string? ActiveRunId
    {
        get
        {
            lock (_gate)
                return _current?.Id;
        }
    }

    public void SetState(string state)
    {
        lock (_gate)
        {
            if (_state != ServiceStates.Faulted)
                _state = state;
        }
    }

    public void SetNextTick(DateTimeOffset? next)
    {
        lock (_gate)
            _nextTick = next;
    }

    public void RecordTick(string kind, string detail)
    {
        lock (_gate)
        {
            switch (kind)
            {
                case "started": _started++; break;
                case "skipped": _skipped++; break;
                case "queued": _queued++; break;
            }
            _events.Enqueue(new TickEvent(time.GetUtcNow(), kind, detail));
            while (_events.Count > MaxEvents)
                _events.Dequeue();
        }
    }

    public void RunStarted(string id, string folder, DateTimeOffset startedUtc)
    {
        lock (_gate)
        {
            _current = (id, folder, startedUtc);
            _counters = null;
            if (_state != ServiceStates.Faulted)
                _state = ServiceStates.Running;
        }
    }

    public void AttachCounters(RunCounters counters)
    {
        lock (_gate)
            _counters = counters;
    }

    public void RunFinished(CompletedRunView run, string? error)
    {
        lock (_gate)
        {
            _lastRun = run;
            _current = null;
            _counters = null;
            if (error is not null)
                _lastError = new ErrorView(run.EndedUtc, error);
            if (_state == ServiceStates.Running)
                _state = ServiceStates.Idle;
        }
    }

    public void RecordError(string message)
    {
        lock (_gate)
            _lastError = new ErrorView(time.GetUtcNow(), message);
    }

    public void Fault(string message)
    {
        lock (_gate)
        {
            _state = ServiceStates.Faulted;
            _lastError = new ErrorView(time.GetUtcNow(), message);
        }
    }

    public StatusSnapshot Snapshot()
    {
        lock (_gate)
        {
            CurrentRunView? current = null;
            if (_current is { } run)
            {
                var stages = _counters is { } c
                    ? [new StageView(c.Feed.Name, c.Feed.In, c.Feed.Out, c.Feed.Rejected), .. c.Stages.Select(s => new StageView(s.Name, s.In, s.Out, s.Rejected))]
                    : Array.Empty<StageView>();
                current = new CurrentRunView(run.Id, run.Folder, run.Started, stages, _counters?.PromptsDone ?? 0, _counters?.RowsWritten ?? 0, _counters?.RejectsWritten ?? 0);
            }
            return new StatusSnapshot(
                _state, _startedUtc, options.Schedule ?? "", options.Overlap, _nextTick, current, _lastRun, _lastError,
                new TickTotals(_started, _skipped, _queued), [.. _events], metrics.Snapshot());
        }
    }
}
