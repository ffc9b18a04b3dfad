using System.Globalization;

namespace DataGen.Benchmarks;

/// <summary>Reads a Linux process's peak RSS and CPU time from /proc (0 when it has gone).</summary>
public static class ProcFs
{
    private static readonly double TicksPerSecond = 100; // USER_HZ is 100 on Linux x86-64 and arm64.

    public static long PeakRssBytes(int pid) => StatusKilobytes(pid, "VmHWM:") * 1024;

    public static long StatusKilobytes(int pid, string key)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith(key, StringComparison.Ordinal))
                    return long.Parse(line[key.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
        return 0;
    }

    /// <summary>User + system CPU time of the process so far.</summary>
    public static TimeSpan CpuTime(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // Fields after the command name (which may hold spaces) start after the last ')'.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return TimeSpan.FromSeconds(ticks / TicksPerSecond);
        }
        catch (IOException)
        {
            return TimeSpan.Zero;
        }
        catch (FormatException)
        {
            return TimeSpan.Zero;
        }
    }
}

/// <summary>
/// Resident memory of a process split by what backs it, from /proc/PID/smaps: anonymous memory (the GC heap and
/// native malloc arenas), the brk heap, JIT-compiled code (the runtime's W^X double mapping, `memfd:doublemapper`),
/// and mapped files (DLLs and shared libraries).
/// </summary>
public sealed record RssBreakdown(long AnonymousBytes, long BrkHeapBytes, long JitCodeBytes, long FileBytes, long OtherBytes)
{
    public long TotalBytes => AnonymousBytes + BrkHeapBytes + JitCodeBytes + FileBytes + OtherBytes;

    /// <summary>The breakdown now, or null when the process has gone or smaps cannot be read.</summary>
    public static RssBreakdown? Read(int pid)
    {
        // Resident bytes per category, in the record's order: anonymous, brk heap, JIT code, mapped files, other.
        var bytes = new long[5];
        var category = 0;
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/smaps"))
            {
                if (line.Length > 0 && char.IsAsciiHexDigit(line[0]) && line.Contains('-'))
                {
                    // "start-end perms offset dev inode [path]": the path is the 6th field, absent for anonymous memory.
                    var fields = line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
                    var path = fields.Length > 5 ? fields[5].Trim() : "";
                    category = path.Length == 0 ? 0
                        : path == "[heap]" ? 1
                        : path.Contains("doublemapper", StringComparison.Ordinal) ? 2
                        : path.StartsWith('/') ? 3
                        : 4;
                }
                else if (line.StartsWith("Rss:", StringComparison.Ordinal))
                {
                    bytes[category] += long.Parse(line[4..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
        return new RssBreakdown(bytes[0], bytes[1], bytes[2], bytes[3], bytes[4]);
    }

    public string Describe() =>
        $"anonymous (GC heap + native malloc) {AnonymousBytes / 1048576.0:F1}, brk heap {BrkHeapBytes / 1048576.0:F1}, " +
        $"JIT code {JitCodeBytes / 1048576.0:F1}, mapped files {FileBytes / 1048576.0:F1}, other {OtherBytes / 1048576.0:F1} MiB";
}
