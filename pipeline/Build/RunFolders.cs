using System.Globalization;
using DataGen.Stages;

namespace DataGen.Pipeline.Build;

/// <summary>Picks the run's output folder (&lt;run.output&gt;/runs/&lt;utc yyyyMMdd-HHmmss&gt; by default) and records it in &lt;run.output&gt;/latest.</summary>
public static class RunFolders
{
    public const string LatestFileName = "latest";

    /// <summary>A fresh folder under outputRoot/runs named by the UTC start time (suffixed -2, -3… if taken).</summary>
    public static string CreateDefault(string outputRoot, DateTimeOffset startedUtc)
    {
        var runs = Path.Combine(outputRoot, "runs");
        var name = startedUtc.UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        var folder = Path.Combine(runs, name);
        for (var n = 2; Directory.Exists(folder); n++)
            folder = Path.Combine(runs, $"{name}-{n}");
        Directory.CreateDirectory(folder);
        return folder;
    }

    /// <summary>Writes the run folder's absolute path to outputRoot/latest (temp + rename: never half-written).</summary>
    public static void WriteLatest(string outputRoot, string runFolder)
    {
        AtomicFile.WriteAllTextAsync(Path.Combine(outputRoot, LatestFileName), Path.GetFullPath(runFolder) + "\n").GetAwaiter().GetResult();
    }
}
