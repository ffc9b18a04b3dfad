namespace DataGen.Pipeline.Training;

/// <summary>One line of train/data/sft.jsonl (clean rows: prefix, violation and marker are "", continuation is the whole response).</summary>
public sealed record SftTrainingLine(
    IReadOnlyList<TrainingMessage> Prompt, string Kind, string Prefix, string Violation, string Marker, string Continuation, string PromptId, int SampleIndex);
