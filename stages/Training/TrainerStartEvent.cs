namespace DataGen.Stages.Training;

/// <summary>`start`: the model and data the trainer loaded; ResumedFrom names the checkpoint it continues, if any.</summary>
public sealed record TrainerStartEvent(string ModelKind, string Device, long Parameters, long SftRows, long DpoRows, string? ResumedFrom) : TrainerEvent;
