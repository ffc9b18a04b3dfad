using Cronos;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DataGen.Pipeline.Serve;

/// <summary>
/// The `serve` loop: waits for each cron tick (and optionally runs at start), starts one run at a time, and skips or
/// queues (at most one) a tick that comes while a run is active. Host shutdown cancels the active run through its
/// token and waits for it to finish its own shutdown. With once, it runs one build and stops the host.
/// </summary>
public sealed class ServeScheduler(
    ServeOptions options, ScheduledRun run, ServiceState state, IHostApplicationLifetime lifetime, TimeProvider time, ILogger<ServeScheduler> logger, bool once)
    : BackgroundService
{
    private readonly Lock _gate = new();
    private readonly CronExpression? _schedule = options.ParseSchedule();
    private Task? _active;
    private bool _queued;
    private CancellationToken _stopping;

    /// <summary>Exit code of the run a once-service made (null until it ends).</summary>
    public int? OnceExitCode { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _stopping = stoppingToken;
        // Let the host finish starting (status endpoint, lifetime) before the first run begins.
        await Task.Yield();
        try
        {
            if (once)
            {
                state.RecordTick("started", "--once");
                OnceExitCode = await run.RunAsync(stoppingToken).ConfigureAwait(false);
                lifetime.StopApplication();
                return;
            }
            state.SetState(ServiceStates.Idle);
            if (options.RunOnStart)
                Tick("start");
            await LoopAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Host shutdown: fall through to wait for the active run.
        }
        catch (Exception ex)
        {
            state.Fault($"scheduler loop stopped: {ex.Message}");
            ServeLog.SchedulerFaulted(logger, ex);
        }
        finally
        {
            if (stoppingToken.IsCancellationRequested)
                state.SetState(ServiceStates.Stopping);
            await WaitForActiveAsync().ConfigureAwait(false);
        }
    }

    private async Task LoopAsync(CancellationToken stoppingToken)
    {
        if (_schedule is null)
        {
            // No schedule: only run_on_start; stay up for /status until stopped.
            state.SetNextTick(null);
            await Task.Delay(Timeout.Infinite, stoppingToken).ConfigureAwait(false);
            return;
        }
        var from = time.GetUtcNow();
        while (!stoppingToken.IsCancellationRequested)
        {
            // Exclusive of `from`, and `from` never goes back, so a timer waking a little early cannot fire one tick twice.
            var next = _schedule.GetNextOccurrence(from, options.Zone)
                ?? throw new InvalidOperationException($"schedule '{options.Schedule}' has no future occurrence");
            state.SetNextTick(next);
            ServeLog.NextTick(logger, next, options.Schedule!, options.TimeZone);
            var delay = next - time.GetUtcNow();
            if (delay > TimeSpan.Zero)
                await Task.Delay(delay, time, stoppingToken).ConfigureAwait(false);
            from = next;
            Tick("schedule");
        }
    }

    private void Tick(string trigger)
    {
        lock (_gate)
        {
            if (_active is null)
            {
                state.RecordTick("started", trigger);
                ServeLog.TickStarted(logger, trigger);
                _active = Task.Run(RunAndContinueAsync);
                return;
            }
            var activeId = state.ActiveRunId ?? "(starting)";
            if (options.Overlap == ServeOptions.OverlapSkip)
            {
                var reason = $"run {activeId} is active (overlap: skip)";
                state.RecordTick("skipped", reason);
                ServeLog.TickSkipped(logger, trigger, reason);
            }
            else if (_queued)
            {
                var reason = $"run {activeId} is active and one run is already queued (overlap: queue holds at most one)";
                state.RecordTick("skipped", reason);
                ServeLog.TickSkipped(logger, trigger, reason);
            }
            else
            {
                _queued = true;
                var reason = $"run {activeId} is active; starts when it ends (overlap: queue)";
                state.RecordTick("queued", reason);
                ServeLog.TickQueued(logger, trigger, reason);
            }
        }
    }

    private async Task RunAndContinueAsync()
    {
        try
        {
            await run.RunAsync(_stopping).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // ScheduledRun reports failures as exit codes; whatever escapes it must not wedge the scheduler.
            state.RecordError($"run ended with an unexpected error: {ex.Message}");
        }
        lock (_gate)
        {
            if (_queued && !_stopping.IsCancellationRequested)
            {
                _queued = false;
                state.RecordTick("started", "queued tick");
                ServeLog.TickStarted(logger, "queued tick");
                _active = Task.Run(RunAndContinueAsync);
            }
            else
            {
                _queued = false;
                _active = null;
            }
        }
    }

    private async Task WaitForActiveAsync()
    {
        while (true)
        {
            Task? active;
            lock (_gate)
                active = _active;
            if (active is null)
                return;
            if (state.ActiveRunId is { } id)
                ServeLog.WaitingForRun(logger, id);
            try
            {
                await active.ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                state.RecordError($"run ended with an unexpected error: {ex.Message}");
                lock (_gate)
                    _active = null;
            }
            // A finished run clears _active itself (or hands over to the queued one, which stopping prevents).
            lock (_gate)
            {
                if (_active == active)
                    _active = null;
            }
        }
    }
}
