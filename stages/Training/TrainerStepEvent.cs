namespace DataGen.Stages.Training;

/// <summary>`step`: one logged optimizer step; the reward figures are set in the dpo phase only.</summary>
public sealed record TrainerStepEvent(
    string Phase,
    long Step,
    long TotalSteps,
    double Epoch,
    double Loss,
    double LearningRate,
    double ElapsedS,
    double? RewardMargin = null,
    double? RewardAccuracy = null,
    double? ChosenReward = null,
    double? RejectedReward = null) : TrainerEvent;
