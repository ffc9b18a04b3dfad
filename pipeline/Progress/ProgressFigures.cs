using System.Globalization;
using DataGen.Pipeline.Engine;

namespace DataGen.Pipeline.Progress;

/// <summary>Rates and ETA derived from live counters, shared by the live display and the log lines.</summary>
public readonly record struct ProgressFigures(long PromptsRead, long PromptsDone, long? PromptTotal, long Rows, long Rejects, double RowsPerSecond, TimeSpan? Eta)
{
    public static ProgressFigures From(RunCounters counters)
    {
        ArgumentNullException.ThrowIfNull(counters);
        var seconds = Math.Max(counters.Elapsed.TotalSeconds, 1e-3);
        var done = counters.PromptsDone;
        TimeSpan? eta = null;
        if (counters.PromptTotal is { } total && done > 0)
            eta = TimeSpan.FromSeconds(Math.Max(0, total - done) * seconds / done);
        return new ProgressFigures(counters.Feed.In, done, counters.PromptTotal, counters.RowsWritten, counters.RejectsWritten, counters.RowsProcessed / seconds, eta);
    }

    public static string FormatEta(TimeSpan? eta) => eta is { } value ? value.ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture) : "unknown";

    /// <summary>"sampling 12/48/0 …" (in/out/rejected per stage) for one-line logs.</summary>
    public static string StageSummary(RunCounters counters)
    {
        ArgumentNullException.ThrowIfNull(counters);
        return string.Join(", ", counters.Stages.Select(s => $"{s.Name} in {s.In} out {s.Out} rej {s.Rejected}"));
    }
}
