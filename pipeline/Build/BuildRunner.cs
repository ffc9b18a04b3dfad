using DataGen.Pipeline.Config;
using DataGen.Pipeline.Engine;
using DataGen.Pipeline.Manifest;
using DataGen.Pipeline.Progress;
using DataGen.Pipeline.Resume;
using DataGen.Stages.Emit;
using Microsoft.Extensions.Logging;

namespace DataGen.Pipeline.Build;

/// <summary>
/// One `datagen build`: load and check the config (exit 2 on any problem), pick the run folder, compose the
/// pipeline, run the engine with progress, and write the manifest whatever the outcome. Returns the exit code.
/// With a checkpointing sink the run keeps RUN/journal.jsonl, and `--resume RUN` continues a stopped run.
/// </summary>
public sealed class BuildRunner(IPipelineComposer composer, ConfigLoader configLoader, ILoggerFactory loggers, TextWriter errors)
{
    private readonly ILogger _logger = loggers.CreateLogger<BuildRunner>();

    public async Task<int> RunAsync(BuildRequest request, IProgressReporter? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var startedUtc = DateTimeOffset.UtcNow;
        ResumeState? resume = null;
        if (request.ResumeDirectory is { } resumeFolder)
        {
            try
            {
                resume = ResumeState.Read(resumeFolder);
            }
            catch (JournalException ex)
            {
                return ReportErrors([ex.Message]);
            }
            if (resume.Complete)
            {
                errors.WriteLine($"{resume.RunFolder}: the run already completed; nothing to resume");
                return ExitCodes.Ok;
            }
        }

        LoadedConfig loaded;
        try
        {
            loaded = configLoader.Load(resume is not null && request.ConfigPath.Length == 0 ? resume.Header.ConfigPath : request.ConfigPath);
        }
        catch (ConfigException ex)
        {
            return ReportConfigErrors(ex);
        }
        var config = loaded.Config;
        var limit = request.Limit;
        if (resume is not null)
        {
            var problems = resume.Problems(loaded.Hash, request.Seed, request.Limit, request.Force).ToList();
            if (problems.Count > 0)
                return ReportErrors(problems);
            config.Run.Seed = resume.Header.Seed;
            limit = resume.Header.Limit;
        }
        else if (request.Seed is { } seed)
        {
            config.Run.Seed = seed;
        }

        var outputRoot = loaded.Resolve(config.Run.Output);
        string runFolder;
        if (resume is not null)
        {
            runFolder = resume.RunFolder;
        }
        else
        {
            runFolder = request.OutputDirectory is { } explicitFolder ? Path.GetFullPath(explicitFolder) : Path.Combine(outputRoot, "runs");
            try
            {
                if (request.OutputDirectory is null)
                    runFolder = RunFolders.CreateDefault(outputRoot, startedUtc);
                if (File.Exists(RunJournal.PathIn(runFolder)))
                    return ReportErrors([$"{runFolder}: already holds a run ({RunJournal.FileName}); continue it with --resume {runFolder} or pick another --out"]);
                Directory.CreateDirectory(runFolder);
                if (request.OutputDirectory is null)
                    RunFolders.WriteLatest(outputRoot, runFolder);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                errors.WriteLine($"error: {OutputErrors.CannotCreate(runFolder, ex)}");
                return ExitCodes.ConfigError;
            }
        }

        if (resume is not null)
        {
            var removed = UncommittedParts.Remove(runFolder, resume.CommittedFiles);
            if (removed > 0)
                ResumeLog.RemovedUncommitted(_logger, removed);
            ResumeLog.Resuming(_logger, runFolder, resume.Session, resume.PromptsCommitted);
        }

        var build = new BuildOptions(loaded.BaseDirectory, runFolder, config.Run.Seed, limit, request.Sequential, resume?.Outputs);
        var engineOptions = new EngineOptions
        {
            ChannelCapacity = request.Sequential ? 1 : config.Run.ChannelCapacity,
            ReorderWindow = request.Sequential ? 1 : config.Run.ReorderWindow,
            FailurePolicy = new FailureRatePolicy(config.Run.MaxFailureRate, config.Run.MinRowsForFailureRate),
            Sequential = request.Sequential,
            // A resumed feed applies the run's limit itself, counting the prompts earlier sessions committed.
            Limit = resume is null ? limit : null,
        };
        var tokenizer = config.Rewind.Tokenizer == "bytes" ? "bytes" : loaded.Resolve(config.Rewind.Tokenizer);
        var manifestConfig = new ManifestConfig(resume?.Header.ConfigPath ?? loaded.ConfigPath, resume?.Header.ConfigHash ?? loaded.Hash, limit, request.Sequential, tokenizer);
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
            await FinishAsync(failed, new RunCounters([], null), manifestConfig, config.Run.Seed, [], startedUtc, runFolder, null).ConfigureAwait(false);
            return failed.ExitCode;
        }

        await using (composed.ConfigureAwait(false))
        {
            await using var session = await OpenSessionAsync(composed, resume, loaded, config, limit, runFolder, cancellationToken).ConfigureAwait(false);
            if (resume is not null && session is null)
                return ReportErrors([$"{runFolder}: this pipeline's sink cannot checkpoint, so the run cannot be resumed"]);
            var feed = resume is null ? composed.Feed : new ResumedPromptFeed(composed.Feed, resume.PromptsCommitted, limit, resume.Journal.LastCheckpoint?.LastPromptId);
            var counters = PipelineEngine.CreateCounters(composed.Stages, feed.TotalHint, engineOptions);
            var engine = new PipelineEngine(engineOptions, loggers.CreateLogger<PipelineEngine>());
            using var stopProgress = new CancellationTokenSource();
            using var budgetStop = new BudgetStop(composed.Meters?.Budget, cancellationToken);
            var progressTask = progress?.RunAsync(counters, stopProgress.Token) ?? Task.CompletedTask;
            EngineResult result;
            try
            {
                result = await engine.RunAsync(feed, composed.Stages, composed.Sink, counters, budgetStop.Token, session?.Checkpointer).ConfigureAwait(false);
                result = budgetStop.Apply(result, runFolder, errors);
            }
            finally
            {
                await stopProgress.CancelAsync().ConfigureAwait(false);
                await progressTask.ConfigureAwait(false);
            }
            await FinishAsync(result, counters, manifestConfig, config.Run.Seed, composed.Models, startedUtc, runFolder, session, composed.ReplayCache, composed.Meters).ConfigureAwait(false);
            return result.ExitCode;
        }
    }

    /// <summary>Opens (or starts) the journal and records this session; null when the sink cannot checkpoint.</summary>
    private async Task<RunSession?> OpenSessionAsync(
        ComposedPipeline composed, ResumeState? resume, LoadedConfig loaded, PipelineConfig config, long? limit, string runFolder, CancellationToken cancellationToken)
    {
        if (composed.Sink is not ICheckpointableSink sink)
            return null;
        RunJournal journal;
        if (resume is null)
        {
            var header = new JournalHeader(RunJournal.Version, loaded.ConfigPath, loaded.Hash, config.Run.Seed, limit, config.Emit.PartRows, DateTimeOffset.UtcNow);
            journal = await RunJournal.CreateAsync(runFolder, header, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            journal = RunJournal.OpenForAppend(runFolder, resume.Journal);
        }
        var number = resume?.Session ?? 1;
        var skipped = resume?.PromptsCommitted ?? 0;
        await journal.AppendAsync(new JournalEntry(Session: new JournalSession(number, DateTimeOffset.UtcNow, skipped)), cancellationToken).ConfigureAwait(false);
        var checkpointer = new RunCheckpointer(sink, journal, runFolder, number, config.Emit.PartRows, resume?.Totals ?? RunTotals.Empty, _logger, composed.Meters?.Budget);
        return new RunSession(journal, checkpointer, number, skipped, resume?.Totals);
    }

    private async Task FinishAsync(
        EngineResult result, RunCounters counters, ManifestConfig manifestConfig, long seed,
        IReadOnlyList<DataGen.Stages.Spans.ModelIdentity> models, DateTimeOffset startedUtc, string runFolder, RunSession? session,
        ManifestReplayCache? replayCache = null, DataGen.Stages.Llm.Resilience.BackendMeters? meters = null)
    {
        var endedUtc = DateTimeOffset.UtcNow;
        var resume = session is null
            ? null
            : new ManifestResume(session.Number, session.PromptsSkipped, session.Checkpointer.Last?.PromptsCommitted ?? session.PromptsSkipped, RunJournal.FileName);
        var manifest = ManifestBuilder.Build(result, counters, manifestConfig, seed, models, startedUtc, endedUtc, session?.PreviousTotals, resume, replayCache, meters);
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
        Log.RunFinished(_logger, result.Status, result.ExitCode, endedUtc - startedUtc, manifest.RowsWritten, manifest.RejectsWritten, path);
        if (resume is not null && result.Status != RunStatus.Completed)
        {
            ResumeLog.ResumeHint(_logger, result.Status, resume.PromptsCommitted, runFolder);
            errors.WriteLine($"resume with: datagen build --resume {runFolder}");
        }
    }

    private int ReportErrors(IEnumerable<string> problems)
    {
        foreach (var problem in problems)
            errors.WriteLine($"error: {problem}");
        return ExitCodes.ConfigError;
    }

    private int ReportConfigErrors(ConfigException exception) => ReportErrors(exception.Errors);
}
