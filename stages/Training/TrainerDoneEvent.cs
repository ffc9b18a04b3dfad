using System.Text.Json;

namespace DataGen.Stages.Training;

/// <summary>`done`: the last checkpoint, the exported model folder and the trainer's final metrics object.</summary>
public sealed record TrainerDoneEvent(string? Checkpoint, string? ModelDir, JsonElement? Metrics) : TrainerEvent;
