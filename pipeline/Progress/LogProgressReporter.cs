using DataGen.Pipeline.Engine;
using Microsoft.Extensions.Logging;

namespace DataGen.Pipeline.Progress;

/// <summary>Plain periodic log lines, for logs and pipes where a live display would be noise.</summary>
public sealed class LogProgressReporter(ILogger<LogProgressReporter> logger, TimeSpan interval) : IProgressReporter
{
    public async Task RunAsync(RunCounters counters, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
                Write(counters);
        }
        catch (OperationCanceledException)
        {
        }
        Write(counters);
    }

    private void Write(RunCounters counters)
    {
        var figures = ProgressFigures.From(counters);
        Log.Progress(logger, figures.PromptsRead, figures.Rows, figures.Rejects, figures.RowsPerSecond, ProgressFigures.StageSummary(counters));
    }
}
