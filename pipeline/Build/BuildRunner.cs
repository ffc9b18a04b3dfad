using DataGen.Pipeline.Config;
using DataGen.Pipeline.Engine;
using DataGen.Pipeline.Manifest;
using DataGen.Pipeline.Progress;
using Microsoft.Extensions.Logging;

namespace DataGen.Pipeline.Build;

/// <summary>
/// One `datagen build`: load and check the config (exit 2 on any problem), pick the run folder, compose the
/// pipeline, run the engine with progress, and write the manifest whatever the outcome. Returns the exit code.
/// </summary>
public sealed class BuildRunner(IPipelineComposer composer, ConfigLoader configLoader, ILoggerFactory loggers, TextWriter errors)
{
    private readonly ILogger _logger = loggers.CreateLogger<BuildRunner>();

    public async Task<int> RunAsync(BuildRequest request, IProgressReporter? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var startedUtc = DateTimeOffset.UtcNow;
        LoadedConfig loaded;
        try
        {
            loaded = configLoader.Load(request.ConfigPath);
        }
        catch (ConfigException ex)
        {
            return ReportConfigErrors(ex);
        }
        var config = loaded.Config;
        if (request.Seed is { } seed)
            config.Run.Seed = seed;

        var outputRoot = loaded.Resolve(config.Run.Output);
        var runFolder = request.OutputDirectory is { } explicitFolder ? Path.GetFullPath(explicitFolder) : Path.Combine(outputRoot, "runs");
        try
        {
            if (request.OutputDirectory is null)
                runFolder = RunFolders.CreateDefault(outputRoot, startedUtc);
            Directory.CreateDirectory(runFolder);
            if (request.OutputDirectory is null)
                RunFolders.WriteLatest(outputRoot, runFolder);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            errors.WriteLine($"error: {OutputErrors.CannotCreate(runFolder, ex)}");
            return ExitCodes.ConfigError;
        }

        var build = new BuildOptions(loaded.BaseDirectory, runFolder, config.Run.Seed, request.Limit, request.Sequential);
        var engineOptions = new EngineOptions
        {
            ChannelCapacity = request.Sequential ? 1 : config.Run.ChannelCapacity,
            ReorderWindow = request.Sequential ? 1 : config.Run.ReorderWindow,
            FailurePolicy = new FailureRatePolicy(config.Run.MaxFailureRate, config.Run.MinRowsForFailureRate),
            Sequential = request.Sequential,
            Limit = request.Limit,
        };
        var tokenizer = config.Rewind.Tokenizer == "bytes" ? "bytes" : loaded.Resolve(config.Rewind.Tokenizer);
        var manifestConfig = new ManifestConfig(loaded.ConfigPath, loaded.Hash, request.Limit, request.Sequential, tokenizer);
        Log.RunStarted(_logger, loaded.ConfigPath, loaded.Hash, config.Run.Seed, runFolder, request.Sequential ? " (sequential)" : "");

        ComposedPipeline composed;
        try
        {
            composed = composer.Compose(config, build, loggers);
        }
        catch (Exception ex)
        {
            var isConfig = ex is ConfigException || InputErrors.IsInputError(ex);
            if (ex is ConfigException configError)
                ReportConfigErrors(configError);
            else if (isConfig)
                errors.WriteLine($"error: {RejectFactory.OneLine(ex.Message)}");
            else
                Log.ComposeFailed(_logger, ex.Message, ex);
            var failed = new EngineResult(RunStatus.Failed, isConfig ? ExitCodes.ConfigError : ExitCodes.RunFailed, RejectFactory.OneLine(ex.Message), null);
            await FinishAsync(failed, new RunCounters([], null), manifestConfig, config.Run.Seed, [], startedUtc, runFolder).ConfigureAwait(false);
            return failed.ExitCode;
        }

        await using (composed.ConfigureAwait(false))
        {
            var counters = PipelineEngine.CreateCounters(composed.Stages, composed.Feed.TotalHint, engineOptions);
            var engine = new PipelineEngine(engineOptions, loggers.CreateLogger<PipelineEngine>());
            using var stopProgress = new CancellationTokenSource();
            using var budgetStop = new BudgetStop(composed.Meters?.Budget, cancellationToken);
            var progressTask = progress?.RunAsync(counters, stopProgress.Token) ?? Task.CompletedTask;
            EngineResult result;
            try
            {
                result = await engine.RunAsync(composed.Feed, composed.Stages, composed.Sink, counters, budgetStop.Token).ConfigureAwait(false);
                result = budgetStop.Apply(result, runFolder, errors);
            }
            finally
            {
                await stopProgress.CancelAsync().ConfigureAwait(false);
                await progressTask.ConfigureAwait(false);
            }
            await FinishAsync(result, counters, manifestConfig, config.Run.Seed, composed.Models, startedUtc, runFolder, composed.Meters).ConfigureAwait(false);
            return result.ExitCode;
        }
    }

    private async Task FinishAsync(
        EngineResult result, RunCounters counters, ManifestConfig manifestConfig, long seed,
        IReadOnlyList<DataGen.Stages.Spans.ModelIdentity> models, DateTimeOffset startedUtc, string runFolder,
        DataGen.Stages.Llm.Resilience.BackendMeters? meters = null)
    {
        var endedUtc = DateTimeOffset.UtcNow;
        var manifest = ManifestBuilder.Build(result, counters, manifestConfig, seed, models, startedUtc, endedUtc, meters);
        string path;
        try
        {
            path = await ManifestWriter.WriteAsync(runFolder, manifest, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The run's outcome is already decided; a manifest that cannot be written (disk full) is reported, not thrown.
            path = Path.Combine(runFolder, "manifest.json");
            errors.WriteLine($"error: {path}: could not write the manifest ({OutputErrors.Describe(ex)})");
        }
        Log.RunFinished(_logger, result.Status, result.ExitCode, endedUtc - startedUtc, counters.RowsWritten, counters.RejectsWritten, path);
    }

    private int ReportConfigErrors(ConfigException exception)
    {
        foreach (var error in exception.Errors)
            errors.WriteLine($"error: {error}");
        return ExitCodes.ConfigError;
    }
}
