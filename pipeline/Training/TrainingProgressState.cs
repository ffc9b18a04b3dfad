using System.Diagnostics;
using DataGen.Stages.Training;

namespace DataGen.Pipeline.Training;

/// <summary>Folds trainer events into per-phase progress; written by the stdout reader, read by the display (hence the lock).</summary>
public sealed class TrainingProgressState
{
    private readonly Lock _gate = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<TrainingPhaseProgress> _phases = [];
    private TrainerStartEvent? _start;
    private TrainerCheckpointEvent? _checkpoint;
    private TrainerDoneEvent? _done;
    private string? _error;
    private TimeSpan _lastBoundary;

    public void Apply(TrainerEvent trainerEvent)
    {
        lock (_gate)
        {
            var now = _clock.Elapsed;
            switch (trainerEvent)
            {
                case TrainerStartEvent start:
                    _start = start;
                    _lastBoundary = now;
                    break;
                case TrainerStepEvent step:
                    var phase = Phase(step.Phase, now);
                    Replace(phase with
                    {
                        Step = step.Step,
                        TotalSteps = step.TotalSteps,
                        Epoch = step.Epoch,
                        LossFirst = phase.LossFirst ?? step.Loss,
                        LossLast = step.Loss,
                        LearningRate = step.LearningRate,
                        RewardAccuracy = step.RewardAccuracy ?? phase.RewardAccuracy,
                        RewardMargin = step.RewardMargin ?? phase.RewardMargin,
                    });
                    break;
                case TrainerPhaseDoneEvent finished:
                    var ended = Phase(finished.Phase, now);
                    Replace(ended with
                    {
                        Step = finished.Steps,
                        TotalSteps = Math.Max(ended.TotalSteps, finished.Steps),
                        LossFirst = finished.LossFirst ?? ended.LossFirst,
                        LossLast = finished.LossLast ?? ended.LossLast,
                        Done = true,
                        Ended = now,
                    });
                    _lastBoundary = now;
                    break;
                case TrainerCheckpointEvent checkpoint:
                    _checkpoint = checkpoint;
                    break;
                case TrainerDoneEvent done:
                    _done = done;
                    break;
                case TrainerErrorEvent error:
                    _error = error.Message;
                    break;
            }
        }
    }

    public TrainingSnapshot Snapshot()
    {
        lock (_gate)
            return new TrainingSnapshot(_start, [.. _phases], _checkpoint, _done, _error, _clock.Elapsed);
    }

    private TrainingPhaseProgress Phase(string name, TimeSpan now)
    {
        var existing = _phases.FindLast(p => p.Phase == name);
        if (existing is not null)
            return existing;
        var created = new TrainingPhaseProgress(name, 0, 0, 0, null, null, null, null, null, false, _lastBoundary == TimeSpan.Zero ? now : _lastBoundary, null);
        _phases.Add(created);
        return created;
    }

    private void Replace(TrainingPhaseProgress phase) => _phases[_phases.FindLastIndex(p => p.Phase == phase.Phase)] = phase;
}
