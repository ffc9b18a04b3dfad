namespace DataGen.Stages.Training;

/// <summary>`phase_done`: a phase (sft or dpo) finished with its first and last logged loss.</summary>
public sealed record TrainerPhaseDoneEvent(string Phase, long Steps, double? LossFirst, double? LossLast) : TrainerEvent;
