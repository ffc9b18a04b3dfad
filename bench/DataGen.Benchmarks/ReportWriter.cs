using System.Globalization;
using System.Text;

namespace DataGen.Benchmarks;

/// <summary>Prints the figures as a table and writes them as Markdown (temporary file, then rename).</summary>
public static class ReportWriter
{
    public static string Table(IReadOnlyList<BenchmarkReport> reports)
    {
        var text = new StringBuilder();
        foreach (var r in reports)
        {
            text.AppendLine(r.Title);
            var width = r.Figures.Count == 0 ? 10 : r.Figures.Max(f => f.Measure.Length);
            foreach (var f in r.Figures)
                text.AppendLine(CultureInfo.InvariantCulture, $"  {f.Measure.PadRight(width)}  {f.Text,12} {f.Unit}");
            if (r.Target is { } t)
                text.AppendLine(CultureInfo.InvariantCulture, $"  target: {t.Description}: {t.Ratio:F3} -> {(t.Met ? "met" : "MISSED")}");
            foreach (var n in r.Notes)
                text.AppendLine("  note: " + n);
            text.AppendLine();
        }
        return text.ToString();
    }

    public static string Markdown(IReadOnlyList<BenchmarkReport> reports, MachineDescription machine, string command, DateTimeOffset started, TimeSpan elapsed)
    {
        var md = new StringBuilder();
        md.AppendLine("# DataGen benchmarks");
        md.AppendLine();
        md.AppendLine("Figures measured side by side in one run by the benchmark project `bench/DataGen.Benchmarks` (issue 7). Regenerate with the command below; CI only runs `bash bench.sh --smoke`, which checks that every benchmark produces figures.");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"- Date: {started:yyyy-MM-dd HH:mm} UTC (run took {elapsed.TotalMinutes:F1} min)");
        md.AppendLine(CultureInfo.InvariantCulture, $"- Command: `{command}`");
        md.AppendLine(CultureInfo.InvariantCulture, $"- Machine: {machine.Cpu}, {machine.Cores} cores, {machine.MemoryGiB:F1} GiB memory, {machine.Os}, {machine.Dotnet}");
        md.AppendLine(CultureInfo.InvariantCulture, $"- Other CPU load at start: {machine.OtherLoad}");
        md.AppendLine();
        md.AppendLine("Method: wall-clock Stopwatch timings after a warm-up pass in the same process; rates marked \"best of 3\" keep the fastest of three passes. " +
            "Benchmarks 1 and 5 run the real `datagen build` (Release) as a child process against a fixed-latency fake OpenAI server on 127.0.0.1 " +
            "(the tests' `FakeOpenAiServer`) with the byte-table fixture classifier; peak RSS is VmHWM polled from /proc every 25 ms. " +
            "Benchmark 3's PyTorch figures come from `bench/torch_reference.py` (the factory's `policy_lm.py` with the weights read from the shipped model.onnx), run by the same command.");
        md.AppendLine();
        md.AppendLine("## Targets");
        md.AppendLine();
        md.AppendLine("| benchmark | target | measured | result |");
        md.AppendLine("| --- | --- | ---: | --- |");
        foreach (var r in reports)
        {
            if (r.Target is { } t)
                md.AppendLine(CultureInfo.InvariantCulture, $"| {Short(r.Title)} | {t.Description} | {t.Ratio:F3} | {(t.Met ? "met" : "**missed**")} |");
            else
                md.AppendLine(CultureInfo.InvariantCulture, $"| {Short(r.Title)} | none set by the issue (figures only) | | |");
        }
        foreach (var r in reports)
        {
            md.AppendLine();
            md.AppendLine("## " + r.Title);
            md.AppendLine();
            md.AppendLine("| measure | value | unit |");
            md.AppendLine("| --- | ---: | --- |");
            foreach (var f in r.Figures)
                md.AppendLine(CultureInfo.InvariantCulture, $"| {f.Measure} | {f.Text} | {f.Unit} |");
            if (r.Notes.Count > 0)
            {
                md.AppendLine();
                foreach (var n in r.Notes)
                    md.AppendLine("- " + n);
            }
        }
        return md.ToString();
    }

    /// <summary>Heading of the hand-written section a re-run keeps: earlier code states' figures and follow-ups.</summary>
    public const string HistoryHeading = "## History";

    /// <summary>
    /// The existing file's section from the first line starting with <see cref="HistoryHeading"/> to its end (with a
    /// blank line before it), or "" when there is no such file or section, so a re-run replaces the measured tables only.
    /// </summary>
    public static string KeptHistory(string path)
    {
        if (!File.Exists(path))
            return "";
        var text = File.ReadAllText(path);
        var at = text.StartsWith(HistoryHeading, StringComparison.Ordinal) ? 0 : text.IndexOf("\n" + HistoryHeading, StringComparison.Ordinal);
        return at < 0 ? "" : Environment.NewLine + text[(at == 0 ? 0 : at + 1)..];
    }

    public static async Task WriteAtomicallyAsync(string path, string content)
    {
        var temp = path + ".tmp";
        await File.WriteAllTextAsync(temp, content);
        File.Move(temp, path, overwrite: true);
    }

    private static string Short(string title) => title.Split(" (")[0];
}
