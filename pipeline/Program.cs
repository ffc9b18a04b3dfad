using System.CommandLine;
using DataGen.Pipeline;
using DataGen.Pipeline.Build;
using DataGen.Pipeline.Cli;

var root = new RootCommand($"datagen: builds backtracking training sets (SFT and DPO) for safer language models. {ExitCodes.HelpText}");
root.Subcommands.Add(BuildCommand.Create(() => new PipelineComposer()));
root.Subcommands.Add(ClassifyCommand.Create());
root.Subcommands.Add(InspectCommand.Create());
root.Subcommands.Add(ReportCommand.Create());
root.Subcommands.Add(ServeCommand.Create(() => new PipelineComposer()));
root.Subcommands.Add(TrainCommand.Create());
root.Subcommands.Add(EvalCommand.Create());

var parse = root.Parse(args);
if (parse.Errors.Count > 0)
{
    foreach (var error in parse.Errors)
        await Console.Error.WriteLineAsync($"error: {error.Message}");
    await Console.Error.WriteLineAsync("Run 'datagen --help' for usage.");
    return ExitCodes.ConfigError;
}
// Commands handle Ctrl+C/SIGTERM themselves (graceful cancel, then a hard exit on the second signal).
return await parse.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
