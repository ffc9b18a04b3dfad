using System.CommandLine;
using DataGen.Pipeline.Build;
using DataGen.Pipeline.Config;
using DataGen.Pipeline.Progress;
using DataGen.Pipeline.Training;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace DataGen.Pipeline.Cli;

/// <summary>`datagen build`: runs the whole pipeline from a config file into a run folder with a manifest.</summary>
internal static class BuildCommand
{
    private static readonly TimeSpan LogProgressInterval = TimeSpan.FromSeconds(10);

    public static Command Create(Func<IPipelineComposer> composerFactory)
    {
        var config = new Option<string>("--config", "-c") { Description = "Pipeline config file.", DefaultValueFactory = _ => "pipeline.yaml" };
        var output = new Option<string?>("--out", "-o") { Description = "Run folder (default: <run.output>/runs/<utc yyyyMMdd-HHmmss>, also named in <run.output>/latest)." };
        var limit = new Option<long?>("--limit") { Description = "Read at most N prompts." };
        var sequential = new Option<bool>("--sequential") { Description = "One row at a time through all stages (debugging; same output)." };
        var seed = new Option<long?>("--seed") { Description = "Override run.seed." };
        var noProgress = new Option<bool>("--no-progress") { Description = "Plain periodic log lines instead of the live display." };
        var resume = new Option<string?>("--resume") { Description = "Continue a stopped run in this run folder (its journal.jsonl); --config defaults to the run's own." };
        var force = new Option<bool>("--force") { Description = "With --resume: continue even though the config changed since the run started." };
        limit.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<long?>() is < 1)
                result.AddError("--limit must be at least 1");
        });
        seed.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<long?>() is < 0)
                result.AddError("--seed must be >= 0");
        });

        var command = new Command("build", $"Build SFT rows and DPO pairs from prompts. {ExitCodes.HelpText}")
        {
            config, output, limit, sequential, seed, noProgress, resume, force,
        };
        command.Validators.Add(result =>
        {
            if (result.GetResult(resume) is not null && result.GetResult(output) is not null)
                result.AddError("--resume and --out exclude each other: a resumed run writes to its own folder");
            if (result.GetResult(force) is not null && result.GetResult(resume) is null)
                result.AddError("--force only applies with --resume");
        });
        command.SetAction(async (parse, _) =>
        {
            using var loggers = ConsoleLogging.Create();
            using var telemetry = Telemetry.OtlpMetrics.StartIfConfigured();
            using var signals = new CancellationSignals(loggers.CreateLogger("DataGen.Build"));
            IProgressReporter progress = parse.GetValue(noProgress) || Console.IsOutputRedirected
                ? new LogProgressReporter(loggers.CreateLogger<LogProgressReporter>(), LogProgressInterval)
                : new LiveProgressDisplay(AnsiConsole.Console);
            var resumeFolder = parse.GetValue(resume);
            // A resume without an explicit --config uses the config the run was started with (empty path = from the journal).
            var configPath = resumeFolder is not null && parse.GetResult(config) is null or { Implicit: true } ? "" : parse.GetValue(config)!;
            var request = new BuildRequest(configPath, parse.GetValue(output), parse.GetValue(limit), parse.GetValue(sequential), parse.GetValue(seed),
                resumeFolder, parse.GetValue(force));
            var runner = new BuildRunner(composerFactory(), new ConfigLoader(), loggers, Console.Error);
            var exit = await runner.RunAsync(request, progress, signals.Token).ConfigureAwait(false);
            // train.enabled: a completed build hands its run folder to `datagen train`.
            return exit == ExitCodes.Ok && BuildTrainingHandOff.For(request, new ConfigLoader()) is { } train
                ? await TrainCommand.RunAsync(train, loggers, parse.GetValue(noProgress), signals.Token).ConfigureAwait(false)
                : exit;
        });
        return command;
    }
}
