using System.Globalization;
using System.Text;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace DataGen.Pipeline.Inspect;

/// <summary>Renders a scan as Spectre.Console tables, bar charts and highlighted examples. All dataset text goes through TerminalText.</summary>
public sealed class TerminalView(IAnsiConsole console)
{
    private const int ChartWidth = 60;

    private bool Plain => console.Profile.Capabilities.ColorSystem == ColorSystem.NoColors;

    public void RenderSummary(InspectSummary summary)
    {
        console.Write(new Rule($"[bold]datagen inspect[/] {TerminalText.Markup(summary.Input)}").LeftJustified());
        var files = new Table().Title("files").AddColumns("output", "file", "rows", "row groups");
        foreach (var f in summary.Files)
            files.AddRow(f.Output, TerminalText.Markup(Path.GetFileName(f.Path)), N(f.Rows), N(f.RowGroups));
        console.Write(files);

        var overview = new Table().Title("overview").AddColumns("measure", "value");
        overview.AddRow("samples", N(summary.Samples));
        if (summary.ViolationShare is { } share)
            overview.AddRow("samples with violations", $"{N(summary.ViolatingSamples)} ({share.ToString("P1", CultureInfo.InvariantCulture)})");
        overview.AddRow("corrected samples", N(summary.CorrectedSamples));
        foreach (var (kind, count) in summary.SftByKind)
            overview.AddRow($"sft {TerminalText.Markup(kind)}", N(count));
        foreach (var (kind, count) in summary.DpoByKind)
            overview.AddRow($"dpo {TerminalText.Markup(kind)}", N(count));
        overview.AddRow("rejects", N(summary.RejectsByReason.Values.Sum()));
        overview.AddRow("sampling tokens in / out", $"{N(summary.Tokens.InputTokens)} / {N(summary.Tokens.OutputTokens)}");
        console.Write(overview);

        if (summary.Sources.Count > 0)
        {
            var chart = new BarChart().Width(ChartWidth).Label("[bold]share of samples with violations by prompt source (%)[/]");
            foreach (var source in summary.Sources)
                chart.AddItem($"{TerminalText.Markup(source.Source)} ({N(source.Violating)}/{N(source.Samples)})", Math.Round(source.Share * 100, 1), Color.Red);
            console.Write(chart);
        }

        var stats = new Table().Title("distributions").AddColumns("measure", "n", "min", "median", "p90", "max", "mean");
        foreach (var d in summary.Distributions)
            stats.AddRow(d.Name, N(d.Count), N(d.Min), N(d.Median), N(d.P90), N(d.Max), d.Mean?.ToString("0.0", CultureInfo.InvariantCulture) ?? "-");
        console.Write(stats);
        foreach (var d in summary.Distributions.Where(d => d.Count > 0))
        {
            var chart = new BarChart().Width(ChartWidth).Label($"[bold]{d.Name}[/] ({d.Unit})");
            foreach (var bucket in d.Histogram)
                chart.AddItem(bucket.Label, bucket.Count, Color.SteelBlue);
            console.Write(chart);
        }

        if (summary.RejectsByReason.Count > 0)
        {
            var rejects = new Table().Title("rejects by reason").AddColumns("stage:reason", "rows");
            foreach (var (reason, count) in summary.RejectsByReason.OrderByDescending(r => r.Value))
                rejects.AddRow(TerminalText.Markup(reason), N(count));
            console.Write(rejects);
        }
    }

    public void RenderProblems(long count, IReadOnlyList<ValidationProblem> problems)
    {
        if (count == 0)
        {
            console.MarkupLine("[green]validate: OK[/] (schemas and invariants hold)");
            return;
        }
        console.MarkupLine($"[red]validate: {N(count)} problem(s)[/]{(problems.Count < count ? $" (first {N(problems.Count)} listed)" : "")}");
        foreach (var problem in problems)
            console.MarkupLine($"  [red]x[/] {TerminalText.Markup(problem.ToString())}");
    }

    public void RenderExamples(IReadOnlyList<ExampleView> examples)
    {
        if (examples.Count == 0)
        {
            console.MarkupLine("[yellow]no rows match[/]");
            return;
        }
        foreach (var example in examples)
        {
            console.Write(new Rule($"[bold]{example.Output}[/] {TerminalText.Markup(example.Id)} [italic]{TerminalText.Markup(example.Kind)}[/]").LeftJustified());
            var details = string.Join("  ", example.Fields.Where(f => f.Key is not ("output" or "prompt_id" or "sample_index" or "kind") && f.Value.Length > 0)
                .Select(f => $"{f.Key}={TerminalText.Markup(f.Value)}"));
            if (details.Length > 0)
                console.MarkupLine($"[grey]{details}[/]");
            foreach (var message in example.Prompt)
                console.MarkupLine($"[blue]{TerminalText.Markup(message.Role)}:[/] {TerminalText.Markup(message.Content)}");
            if (example.Segments.Count > 0)
                console.Write(new Panel(new Markup(Segments(example.Segments))).Header(example.Output == "rejects" ? "message" : "response").Expand());
            if (example.Chosen is not null || example.Rejected is not null)
            {
                var sides = new Table().Expand().AddColumn(new TableColumn("[green]chosen[/]")).AddColumn(new TableColumn("[red]rejected[/]"));
                sides.AddRow(new Markup(TerminalText.Markup(example.Chosen ?? "")), new Markup(TerminalText.Markup(example.Rejected ?? "")));
                console.Write(sides);
            }
        }
        console.MarkupLine(Plain
            ? "legend: ⟦toxic span⟧ ⟨violation⟩ ⏪ rewind point, {marker}, » continuation"
            : "legend: [white on red]toxic span[/] [red underline]violation[/] [bold yellow]⏪[/] rewind point [bold yellow]marker[/] [green]continuation[/]");
    }

    private string Segments(IReadOnlyList<TextSegment> segments)
    {
        var markup = new StringBuilder();
        foreach (var segment in segments)
        {
            var text = TerminalText.Markup(segment.Text);
            markup.Append((segment.Role, Plain) switch
            {
                (SegmentRole.Rewind, _) => "[bold yellow]⏪[/]",
                (SegmentRole.Toxic, true) => $"⟦{text}⟧",
                (SegmentRole.Toxic, false) => $"[white on red]{text}[/]",
                (SegmentRole.Violation, true) => $"⟨{text}⟩",
                (SegmentRole.Violation, false) => $"[red underline]{text}[/]",
                (SegmentRole.Remainder, _) => $"[grey]{text}[/]",
                (SegmentRole.Marker, true) => $"{{{text}}}",
                (SegmentRole.Marker, false) => $"[bold yellow]{text}[/]",
                (SegmentRole.Continuation, true) => $" » {text}",
                (SegmentRole.Continuation, false) => $" [green]{text}[/]",
                _ => text,
            });
        }
        return markup.ToString();
    }

    private static string N(long? value) => value?.ToString("N0", CultureInfo.InvariantCulture) ?? "-";
}
