using System.Runtime.InteropServices;

namespace DataGen.Benchmarks;

/// <summary>The machine a run measured: CPU model, cores, memory, OS, .NET, and anything else loading the CPU.</summary>
public sealed record MachineDescription(string Cpu, int Cores, double MemoryGiB, string Os, string Dotnet, string OtherLoad)
{
    public static MachineDescription Read()
    {
        var cpu = ReadFirst("/proc/cpuinfo", "model name") ?? RuntimeInformation.ProcessArchitecture.ToString();
        var memKb = ReadFirst("/proc/meminfo", "MemTotal") is { } m ? double.Parse(m.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) : 0;
        return new MachineDescription(cpu, Environment.ProcessorCount, memKb / 1048576.0, RuntimeInformation.OSDescription,
            RuntimeInformation.FrameworkDescription, OtherCpuLoad());
    }

    private static string? ReadFirst(string path, string key)
    {
        if (!File.Exists(path))
            return null;
        foreach (var line in File.ReadLines(path))
        {
            if (line.StartsWith(key, StringComparison.Ordinal) && line.IndexOf(':', StringComparison.Ordinal) is var colon and > 0)
                return line[(colon + 1)..].Trim();
        }
        return null;
    }

    /// <summary>Other processes using a noticeable share of a core at start (e.g. a model training job), from /proc.</summary>
    private static string OtherCpuLoad()
    {
        var self = Environment.ProcessId;
        var first = Snapshot();
        Thread.Sleep(500);
        var second = Snapshot();
        var busy = new List<string>();
        foreach (var (pid, (cpu, name)) in second)
        {
            if (pid == self || !first.TryGetValue(pid, out var before))
                continue;
            var share = (cpu - before.Cpu).TotalSeconds / 0.5;
            if (share >= 0.2)
                busy.Add($"{name} (pid {pid}, {share:F1} cores)");
        }
        return busy.Count == 0 ? "none seen" : string.Join("; ", busy);
    }

    private static Dictionary<int, (TimeSpan Cpu, string Name)> Snapshot()
    {
        var result = new Dictionary<int, (TimeSpan, string)>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
                continue;
            try
            {
                var cmd = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ').Trim();
                if (cmd.Length > 80)
                    cmd = cmd[..80] + "...";
                result[pid] = (ProcFs.CpuTime(pid), cmd);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
        return result;
    }
}
