namespace DataGen.Pipeline.Training;

/// <summary>One line of train/data/dpo.jsonl: the prompt messages (may end with an assistant message that is continued) and the two completions.</summary>
public sealed record DpoTrainingLine(
    IReadOnlyList<TrainingMessage> Prompt, string Chosen, string Rejected, string Kind, string PromptId, int SampleIndex);
