namespace DataGen.Stages.Training;

/// <summary>One JSON line the trainer wrote on stdout (see docs/train.md for every event's keys).</summary>
public abstract record TrainerEvent;
