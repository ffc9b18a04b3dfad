using System.Globalization;
using DataGen.Pipeline.Engine;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace DataGen.Pipeline.Progress;

/// <summary>A live table on the terminal: per-stage counts and busy time, rows/s and the ETA when the prompt total is known.</summary>
public sealed class LiveProgressDisplay(IAnsiConsole console) : IProgressReporter
{
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromMilliseconds(250);

    public Task RunAsync(RunCounters counters, CancellationToken stop) =>
        console.Live(Render(counters)).AutoClear(false).StartAsync(async context =>
        {
            while (!stop.IsCancellationRequested)
            {
                context.UpdateTarget(Render(counters));
                context.Refresh();
                try
                {
                    await Task.Delay(RefreshInterval, stop).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                }
            }
            context.UpdateTarget(Render(counters));
            context.Refresh();
        });

    internal static IRenderable Render(RunCounters counters)
    {
        var figures = ProgressFigures.From(counters);
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("stage").AddColumn(new TableColumn("dop").RightAligned()).AddColumn(new TableColumn("in").RightAligned())
            .AddColumn(new TableColumn("out").RightAligned()).AddColumn(new TableColumn("rejected").RightAligned())
            .AddColumn(new TableColumn("busy").RightAligned()).AddColumn(new TableColumn("tokens").RightAligned());
        foreach (var stage in new[] { counters.Feed }.Concat(counters.Stages))
        {
            var tokens = stage.UsageByBackend.Values.Sum(u => u.TotalTokens);
            table.AddRow(
                Markup.Escape(stage.Name),
                Number(stage.DegreeOfParallelism),
                Number(stage.In),
                Number(stage.Out),
                stage.Rejected > 0 ? $"[yellow]{Number(stage.Rejected)}[/]" : "0",
                stage.Busy.ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture),
                tokens > 0 ? Number(tokens) : "-");
        }
        var total = figures.PromptTotal is { } t ? $"/{Number(t)}" : "";
        var caption = $"prompts done {Number(figures.PromptsDone)}{total} · rows {Number(figures.Rows)} · rejected {Number(figures.Rejects)} · "
            + $"{figures.RowsPerSecond.ToString("F1", CultureInfo.InvariantCulture)} rows/s · ETA {ProgressFigures.FormatEta(figures.Eta)} · "
            + $"elapsed {counters.Elapsed.ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture)}";
        return new Rows(table, new Markup(Markup.Escape(caption)));
    }

    private static string Number(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
