namespace DataGen.Stages.Training;

/// <summary>An event name this datagen does not know (a newer trainer); kept so callers can count it, otherwise ignored.</summary>
public sealed record TrainerUnknownEvent(string Name) : TrainerEvent;
