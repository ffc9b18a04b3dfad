namespace DataGen.Stages.Training;

/// <summary>`checkpoint`: a resumable checkpoint was written.</summary>
public sealed record TrainerCheckpointEvent(string Phase, long Step, string Path) : TrainerEvent;
