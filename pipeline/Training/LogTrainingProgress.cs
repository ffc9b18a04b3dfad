using Microsoft.Extensions.Logging;

namespace DataGen.Pipeline.Training;

/// <summary>Plain periodic log lines (one per interval while steps advance), for pipes and logs.</summary>
public sealed class LogTrainingProgress(ILogger<LogTrainingProgress> logger, TimeSpan interval) : ITrainingProgress
{
    public async Task RunAsync(TrainingProgressState state, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(state);
        using var timer = new PeriodicTimer(interval);
        (string Phase, long Step)? last = null;
        try
        {
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
                last = Write(state.Snapshot(), last);
        }
        catch (OperationCanceledException)
        {
        }
        Write(state.Snapshot(), last);
    }

    private (string, long)? Write(TrainingSnapshot snapshot, (string Phase, long Step)? last)
    {
        if (snapshot.Current is not { } phase || (phase.Phase, phase.Step) == last)
            return last;
        TrainLog.Progress(logger, phase.Phase, phase.Step, phase.TotalSteps, TrainingFormat.Number(phase.LossLast),
            TrainingFormat.Number(phase.RewardAccuracy), TrainingFormat.Number(phase.RewardMargin), snapshot.Elapsed);
        return (phase.Phase, phase.Step);
    }
}
