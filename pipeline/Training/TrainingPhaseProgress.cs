namespace DataGen.Pipeline.Training;

/// <summary>What is known of one phase so far: steps, first and last loss, last DPO reward figures, wall-clock span.</summary>
public sealed record TrainingPhaseProgress(
    string Phase,
    long Step,
    long TotalSteps,
    double Epoch,
    double? LossFirst,
    double? LossLast,
    double? LearningRate,
    double? RewardAccuracy,
    double? RewardMargin,
    bool Done,
    TimeSpan Started,
    TimeSpan? Ended);
