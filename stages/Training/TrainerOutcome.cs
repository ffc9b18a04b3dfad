namespace DataGen.Stages.Training;

/// <summary>How the trainer process ended: its exit code, whether we cancelled it, whether it had to be killed after the grace period.</summary>
public sealed record TrainerOutcome(int ExitCode, bool Cancelled, bool Killed, long Events, long InvalidLines)
{
    public int DatagenExitCode => TrainerExitCodes.ToDatagen(ExitCode, Cancelled);
}
