namespace DataGen.Pipeline.Build;

/// <summary>A cheap prompt total for the progress ETA: non-blank lines of a JSONL file (other formats: unknown).</summary>
internal static class PromptCount
{
    // Counting costs one sequential read; past this size the ETA is not worth it.
    private const long MaxBytesToCount = 512L * 1024 * 1024;

    public static long? Estimate(string path, long? limit)
    {
        long? total = null;
        var info = new FileInfo(path);
        if (info.Exists && info.Length <= MaxBytesToCount && path.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase))
        {
            long lines = 0;
            foreach (var line in File.ReadLines(path))
            {
                if (!string.IsNullOrWhiteSpace(line))
                    lines++;
            }
            total = lines;
        }
        return (total, limit) switch
        {
            ({ } t, { } l) => Math.Min(t, l),
            (null, { } l) => l,
            (var t, null) => t,
        };
    }
}
