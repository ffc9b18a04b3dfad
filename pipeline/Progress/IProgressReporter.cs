using DataGen.Pipeline.Engine;

namespace DataGen.Pipeline.Progress;

/// <summary>Shows a run's live counters until stop is signalled, then shows them one last time.</summary>
public interface IProgressReporter
{
    Task RunAsync(RunCounters counters, CancellationToken stop);
}
