namespace DataGen.Stages.Evaluation;

/// <summary>One evaluated model: what it was, how it decoded, how long it took, and its metrics per prompt group.</summary>
public sealed record ModelEvaluation(
    string Model,
    string Kind,
    string Name,
    bool BacktrackingDecoding,
    double WallSeconds,
    IReadOnlyList<GroupMetrics> Groups);
