using System.CommandLine;

namespace DataGen.Pipeline.Cli;

/// <summary>`datagen classify`: placeholder until the classifier work lands.</summary>
internal static class ClassifyCommand
{
    public static Command Create() => new("classify", "Tag toxic spans in texts (JSONL or CSV) with a token classifier.");
}
