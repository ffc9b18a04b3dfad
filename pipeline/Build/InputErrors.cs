using DataGen.Stages.Prompts;
using DataGen.Stages.Tokenization;

namespace DataGen.Pipeline.Build;

/// <summary>
/// Failures while setting up a run that mean an input the user named is unusable (a model folder with the wrong
/// signature, an unreadable prompt source, a broken template): exit 2 with the one-line message, not a stack trace.
/// </summary>
public static class InputErrors
{
    public static bool IsInputError(Exception exception) =>
        exception is ModelFolderException or PromptSourceException or FormatException or FileNotFoundException or DirectoryNotFoundException;
}
