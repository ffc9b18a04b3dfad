using DataGen.Pipeline.Config;
using DataGen.Pipeline.Inspect;
using DataGen.Pipeline.Manifest;
using DataGen.Stages.Tokenization;
using DataGen.Stages.Training;
using Microsoft.Extensions.Logging;

namespace DataGen.Pipeline.Training;

/// <summary>
/// One `datagen train`: load the config, find train.py and a Python with torch, validate the run's Parquet sets and
/// write the JSONL + CONFIG.json, run the trainer with progress, and write RUN/train/manifest.json whatever the
/// outcome. Returns 0 ok, 1 trainer failed, 2 config/data/Python problem, 130 cancelled.
/// </summary>
public sealed class TrainRunner(ConfigLoader configLoader, PythonLocator pythonLocator, ILoggerFactory loggers, TextWriter errors)
{
    public const string TrainFolder = "train";
    public const string DataFolder = "data";

    private readonly ILogger _logger = loggers.CreateLogger<TrainRunner>();

    /// <summary>Where the datagen binary lives; a relative train.trainer is also looked up from here upwards.</summary>
    public string BinaryDirectory { get; init; } = AppContext.BaseDirectory;

    /// <summary>Extra environment for the trainer process (e.g. CUDA_VISIBLE_DEVICES).</summary>
    public IReadOnlyDictionary<string, string> TrainerEnvironment { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    public async Task<int> RunAsync(TrainRequest request, ITrainingProgress? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        LoadedConfig loaded;
        try
        {
            loaded = configLoader.Load(request.ConfigPath);
        }
        catch (ConfigException ex)
        {
            foreach (var error in ex.Errors)
                await errors.WriteLineAsync($"error: {error}").ConfigureAwait(false);
            return ExitCodes.ConfigError;
        }
        var runDirectory = Path.GetFullPath(request.RunDirectory);
        if (!Directory.Exists(runDirectory))
        {
            await errors.WriteLineAsync($"error: --run {request.RunDirectory}: folder not found ({runDirectory}); pass a run folder written by `datagen build`").ConfigureAwait(false);
            return ExitCodes.ConfigError;
        }
        var attempt = new TrainingAttempt(loaded.ConfigPath, runDirectory, request.Resume);
        try
        {
            await TrainAsync(request, loaded, attempt, progress, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TrainingSetupException or ModelFolderException or InspectInputException)
        {
            attempt.Fail(ExitCodes.ConfigError, e.Message);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            attempt.Fail(ExitCodes.Cancelled, "cancelled before the trainer started");
        }
        if (attempt.Error is { } message && attempt.ExitCode != ExitCodes.Cancelled)
            await errors.WriteLineAsync($"error: {message}").ConfigureAwait(false);
        var manifest = attempt.ToManifest(ManifestBuilder.DatagenVersion);
        var path = await TrainingManifestWriter.WriteAsync(Path.Combine(runDirectory, TrainFolder), manifest, CancellationToken.None).ConfigureAwait(false);
        TrainLog.Finished(_logger, manifest.Status, manifest.ExitCode, TimeSpan.FromSeconds(manifest.DurationSeconds), manifest.ModelDir ?? "-", path);
        return manifest.ExitCode;
    }

    private async Task TrainAsync(TrainRequest request, LoadedConfig loaded, TrainingAttempt attempt, ITrainingProgress? progress, CancellationToken cancellationToken)
    {
        var options = loaded.Config.Train;
        if (request.MaxSteps is { } maxSteps)
            (options.Sft.MaxSteps, options.Dpo.MaxSteps) = (maxSteps, maxSteps);
        attempt.Trainer = TrainerScriptLocator.Locate(options.Trainer, loaded.BaseDirectory, BinaryDirectory);
        var model = ModelPath(options.Model, loaded);
        var python = await pythonLocator.LocateAsync(request.Python ?? options.Python, request.Python is null ? "train.python" : "--python", cancellationToken).ConfigureAwait(false);
        attempt.Python = python;

        var trainDirectory = Path.Combine(attempt.RunDirectory, TrainFolder);
        var tokens = RunTokenizer.Resolve(null, attempt.RunDirectory);
        var data = await TrainingDataWriter.WriteAsync(attempt.RunDirectory, Path.Combine(trainDirectory, DataFolder), options.Sft.Enabled,
            options.Dpo.Enabled ? options.Dpo.Kinds : null, tokens, cancellationToken).ConfigureAwait(false);
        attempt.Data = data;
        TrainLog.DataWritten(_logger, data.SftRows, data.DpoRows, data.SourceFiles.Count);
        var seed = request.Seed ?? options.Seed ?? loaded.Config.Run.Seed;
        attempt.TrainerConfig = await TrainingConfigWriter.WriteAsync(options, new TrainingPaths(trainDirectory, model, data.SftPath, data.DpoPath), seed, request.Resume, cancellationToken).ConfigureAwait(false);
        TrainLog.Starting(_logger, attempt.RunDirectory, python.Executable, python.TorchVersion, attempt.Trainer, attempt.TrainerConfig);

        var launch = new TrainerLaunch(python.Executable, attempt.Trainer, attempt.TrainerConfig, attempt.RunDirectory, TimeSpan.FromSeconds(options.CancelGraceSeconds))
        {
            Environment = TrainerEnvironment,
        };
        using var stopProgress = new CancellationTokenSource();
        var progressTask = progress?.RunAsync(attempt.State, stopProgress.Token) ?? Task.CompletedTask;
        try
        {
            var outcome = await new TrainerProcess(loggers.CreateLogger<TrainerProcess>()).RunAsync(launch, OnEvent, cancellationToken).ConfigureAwait(false);
            attempt.Finish(outcome);
        }
        finally
        {
            await stopProgress.CancelAsync().ConfigureAwait(false);
            await progressTask.ConfigureAwait(false);
        }

        void OnEvent(TrainerEvent trainerEvent)
        {
            attempt.State.Apply(trainerEvent);
            LogEvent(trainerEvent);
        }
    }

    private static string ModelPath(TrainModelOptions model, LoadedConfig loaded)
    {
        var resolved = loaded.Resolve(model.Path);
        if (Directory.Exists(resolved))
            return resolved;
        if (model.Kind == "hf")
            return model.Path; // a hub name; the trainer resolves it
        throw new TrainingSetupException($"train.model.path: folder not found: {resolved} (relative paths resolve against {loaded.BaseDirectory}); point it at a model folder such as models/policy-lm");
    }

    private void LogEvent(TrainerEvent trainerEvent)
    {
        switch (trainerEvent)
        {
            case TrainerStartEvent start:
                TrainLog.TrainerStarted(_logger, start.ModelKind, start.Parameters, start.Device, start.ResumedFrom is { } from ? $", resumed from {from}" : "");
                break;
            case TrainerCheckpointEvent checkpoint:
                TrainLog.Checkpoint(_logger, checkpoint.Phase, checkpoint.Step, checkpoint.Path);
                break;
            case TrainerPhaseDoneEvent done:
                TrainLog.PhaseDone(_logger, done.Phase, done.Steps, TrainingFormat.Number(done.LossFirst), TrainingFormat.Number(done.LossLast));
                break;
            case TrainerErrorEvent error:
                TrainLog.TrainerError(_logger, error.Message);
                break;
        }
    }
}
