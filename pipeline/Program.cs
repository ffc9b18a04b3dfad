using System.CommandLine;
using DataGen.Pipeline.Cli;

var root = new RootCommand("datagen: builds backtracking training sets (SFT and DPO) for safer language models.");
root.Subcommands.Add(ClassifyCommand.Create());
return await root.Parse(args).InvokeAsync();
