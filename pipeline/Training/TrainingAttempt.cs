using DataGen.Stages.Training;

namespace DataGen.Pipeline.Training;

/// <summary>What one training attempt has found out so far; becomes the training manifest at the end.</summary>
internal sealed class TrainingAttempt(string pipelineConfig, string runDirectory, bool resume)
{
    private readonly DateTimeOffset _startedUtc = DateTimeOffset.UtcNow;
    private TrainerOutcome? _outcome;

    public string RunDirectory { get; } = runDirectory;

    public TrainingProgressState State { get; } = new();

    public string? Trainer { get; set; }

    public PythonInterpreter? Python { get; set; }

    public TrainingData? Data { get; set; }

    public string? TrainerConfig { get; set; }

    public int ExitCode { get; private set; }

    public string? Error { get; private set; }

    public void Fail(int exitCode, string error) => (ExitCode, Error) = (exitCode, error);

    public void Finish(TrainerOutcome outcome)
    {
        _outcome = outcome;
        ExitCode = outcome.DatagenExitCode;
        if (ExitCode is not (0 or 130))
            Error = State.Snapshot().Error is { } reported ? $"train: {reported}" : $"train: the trainer exited with code {outcome.ExitCode}; see its log lines above";
        else if (outcome.Cancelled)
            Error = outcome.Killed ? "cancelled; the trainer did not stop within the grace period and was killed" : "cancelled";
    }

    public TrainingManifest ToManifest(string datagenVersion)
    {
        var ended = DateTimeOffset.UtcNow;
        var snapshot = State.Snapshot();
        var dpo = snapshot.Phases.LastOrDefault(p => p.Phase == "dpo");
        var status = ExitCode switch { 0 => "completed", 130 => "cancelled", 2 => "invalid", _ => "failed" };
        return new TrainingManifest(
            status,
            ExitCode,
            _outcome?.ExitCode,
            Error,
            datagenVersion,
            _startedUtc,
            ended,
            (ended - _startedUtc).TotalSeconds,
            pipelineConfig,
            RunDirectory,
            TrainerConfig,
            Trainer,
            Python is { } p ? new TrainingManifestPython(p.Command, p.Executable, p.PythonVersion, p.TorchVersion) : null,
            resume,
            snapshot.Start?.ResumedFrom,
            Data is { } d ? new TrainingManifestData(d.SftPath, d.DpoPath, d.SftRows, d.DpoRows, d.DpoRowsByKind, d.SourceFiles) : null,
            [.. snapshot.Phases.Select(ph => new TrainingManifestPhase(ph.Phase, ph.Step, ph.TotalSteps, ph.Done, ph.LossFirst, ph.LossLast,
                ph.RewardAccuracy, ph.RewardMargin, ph.Ended is { } end ? (end - ph.Started).TotalSeconds : null))],
            dpo?.RewardAccuracy,
            dpo?.RewardMargin,
            snapshot.Done?.Checkpoint ?? snapshot.LastCheckpoint?.Path,
            snapshot.Done?.ModelDir,
            _outcome?.Events ?? 0,
            _outcome?.InvalidLines ?? 0,
            snapshot.Done?.Metrics);
    }
}
