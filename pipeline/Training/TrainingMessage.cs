namespace DataGen.Pipeline.Training;

/// <summary>One chat message of a training JSONL line.</summary>
public sealed record TrainingMessage(string Role, string Content);
