namespace DataGen.Stages.Training;

/// <summary>`error`: why the trainer stopped, one line.</summary>
public sealed record TrainerErrorEvent(string Message) : TrainerEvent;
