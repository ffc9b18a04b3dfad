namespace DataGen.Stages.Training;

/// <summary>The trainer's exit codes (docs/train.md) and how `datagen train` maps them onto its own.</summary>
public static class TrainerExitCodes
{
    public const int Done = 0;
    public const int Failed = 1;
    public const int BadConfigOrData = 2;
    public const int DependencyMissing = 3;
    public const int Cancelled = 130;

    /// <summary>0 ok; 2 bad config/data or a missing dependency (the user must fix something); 130 cancelled; anything else 1.</summary>
    public static int ToDatagen(int trainerExit, bool cancelled) => cancelled ? Cancelled : trainerExit switch
    {
        Done => 0,
        BadConfigOrData or DependencyMissing => 2,
        Cancelled => Cancelled,
        _ => 1,
    };
}
