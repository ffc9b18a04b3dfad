namespace DataGen.Stages.Training;

/// <summary>How to start the trainer: `Python Script --config ConfigPath`, extra environment, and the grace period after SIGTERM.</summary>
public sealed record TrainerLaunch(string Python, string Script, string ConfigPath, string WorkingDirectory, TimeSpan CancelGrace)
{
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);
}
