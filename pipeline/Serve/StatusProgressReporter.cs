using DataGen.Pipeline.Engine;
using DataGen.Pipeline.Progress;

namespace DataGen.Pipeline.Serve;

/// <summary>Hands the run's live counters to the service state (for /status) and passes them on to the log reporter.</summary>
internal sealed class StatusProgressReporter(ServiceState state, IProgressReporter inner) : IProgressReporter
{
    public Task RunAsync(RunCounters counters, CancellationToken stop)
    {
        state.AttachCounters(counters);
        return inner.RunAsync(counters, stop);
    }
}
