using DataGen.Schemas;

namespace DataGen.Stages.Evaluation;

/// <summary>A prompt to evaluate and the group it belongs to ("toxic" or "benign").</summary>
public sealed record EvalPrompt(string Id, string Group, IReadOnlyList<ChatTurn> Messages);
