using System.CommandLine;
using DataGen.Pipeline.Config;
using DataGen.Pipeline.Training;
using DataGen.Stages.Training;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace DataGen.Pipeline.Cli;

/// <summary>`datagen train --config pipeline.yaml --run RUN_DIR`: fine-tunes the policy model on a built run with the bundled Python trainer.</summary>
internal static class TrainCommand
{
    public const string ExitHelp = "Exit codes: 0 ok, 1 trainer failed, 2 config/data error or Python/PyTorch missing, 130 cancelled.";

    private static readonly TimeSpan LogProgressInterval = TimeSpan.FromSeconds(10);

    public static Command Create()
    {
        var config = new Option<string>("--config", "-c") { Description = "Pipeline config file (its train: section).", DefaultValueFactory = _ => "pipeline.yaml" };
        var run = new Option<string>("--run", "-r") { Description = "Run folder written by `datagen build` (reads sft/ and dpo/, writes train/).", Required = true };
        var resume = new Option<bool>("--resume") { Description = "Continue from the newest checkpoint in RUN/train/checkpoints." };
        var python = new Option<string?>("--python") { Description = "Python interpreter with PyTorch (overrides train.python)." };
        var maxSteps = new Option<int?>("--max-steps") { Description = "Cap each phase at N optimizer steps (smoke runs; overrides train.sft/dpo.max_steps)." };
        var noProgress = new Option<bool>("--no-progress") { Description = "Plain periodic log lines instead of the live display." };
        maxSteps.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is < 1)
                result.AddError("--max-steps must be at least 1");
        });
        var command = new Command("train", $"Fine-tune the policy model on a built run (SFT, then DPO). {ExitHelp}")
        {
            config, run, resume, python, maxSteps, noProgress,
        };
        command.SetAction(async (parse, _) =>
        {
            using var loggers = ConsoleLogging.Create();
            using var signals = new CancellationSignals(loggers.CreateLogger("DataGen.Train"));
            var request = new TrainRequest(parse.GetValue(config)!, parse.GetValue(run)!, parse.GetValue(resume), parse.GetValue(python), parse.GetValue(maxSteps));
            return await RunAsync(request, loggers, parse.GetValue(noProgress), signals.Token).ConfigureAwait(false);
        });
        return command;
    }

    /// <summary>Shared by `datagen train` and the `datagen build` hand-off.</summary>
    public static Task<int> RunAsync(TrainRequest request, ILoggerFactory loggers, bool noProgress, CancellationToken cancellationToken)
    {
        ITrainingProgress progress = noProgress || Console.IsOutputRedirected
            ? new LogTrainingProgress(loggers.CreateLogger<LogTrainingProgress>(), LogProgressInterval)
            : new LiveTrainingDisplay(AnsiConsole.Console);
        var runner = new TrainRunner(new ConfigLoader(), new PythonLocator(), loggers, Console.Error);
        return runner.RunAsync(request, progress, cancellationToken);
    }
}
