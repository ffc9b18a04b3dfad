using DataGen.Pipeline.Engine;
using DataGen.Pipeline.Progress;
using Spectre.Console;

namespace DataGen.Tests.Pipeline.Progress;

public sealed class LiveProgressDisplayTests
{
    [Fact]
    public void The_table_shows_each_stage_and_the_prompt_total()
    {
        var counters = new RunCounters([new StageCounters("sampling", 8), new StageCounters("spans", 32)], promptTotal: 1234);
        using var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        console.Profile.Width = 160;

        console.Write(LiveProgressDisplay.Render(counters));

        var text = output.ToString();
        Assert.Contains("sampling", text, StringComparison.Ordinal);
        Assert.Contains("spans", text, StringComparison.Ordinal);
        Assert.Contains("prompts done 0/1,234", text, StringComparison.Ordinal);
        Assert.Contains("ETA unknown", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_prompt_total_there_is_no_eta()
    {
        var figures = ProgressFigures.From(new RunCounters([], promptTotal: null));

        Assert.Null(figures.Eta);
        Assert.Equal("unknown", ProgressFigures.FormatEta(figures.Eta));
    }
}
