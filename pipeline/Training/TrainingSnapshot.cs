using DataGen.Stages.Training;

namespace DataGen.Pipeline.Training;

/// <summary>A consistent copy of the training progress for a display or the manifest.</summary>
public sealed record TrainingSnapshot(
    TrainerStartEvent? Start,
    IReadOnlyList<TrainingPhaseProgress> Phases,
    TrainerCheckpointEvent? LastCheckpoint,
    TrainerDoneEvent? Done,
    string? Error,
    TimeSpan Elapsed)
{
    public TrainingPhaseProgress? Current => Phases.Count == 0 ? null : Phases[^1];
}
