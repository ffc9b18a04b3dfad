using Spectre.Console;

namespace DataGen.Pipeline.Inspect;

/// <summary>A Spectre console over the command's output writer: colours only on a real terminal, plain text when redirected or captured.</summary>
public static class InspectConsole
{
    public static IAnsiConsole Create(TextWriter output)
    {
        var terminal = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        if (!terminal)
            console.Profile.Width = 120;
        return console;
    }
}
