using System.Diagnostics;

namespace DataGen.Benchmarks;

/// <summary>A finished child process: exit code, wall time, peak resident memory (VmHWM), CPU time and its output.</summary>
public sealed record ChildProcessRun(int ExitCode, TimeSpan Wall, long PeakRssBytes, TimeSpan CpuTime, string StandardOutput, string StandardError)
{
    /// <summary>Variables added to every child's environment (--child-env K=V, for experiments such as GC settings).</summary>
    public static Dictionary<string, string> ExtraEnvironment { get; } = [];

    /// <summary>Resident memory (VmRSS) sampled while the process ran, with the time since start.</summary>
    public IReadOnlyList<(TimeSpan At, long RssBytes)> RssSamples { get; init; } = [];

    /// <summary>
    /// /proc/PID/smaps read about every 500 ms while the process ran (reading it costs more than VmRSS), so growth can
    /// be attributed to what backs it.
    /// </summary>
    public IReadOnlyList<(TimeSpan At, RssBreakdown Rss)> Breakdowns { get; init; } = [];

    /// <summary>The breakdown sampled when resident memory was largest (null when none was read).</summary>
    public RssBreakdown? BreakdownAtPeak => Breakdowns.Count == 0 ? null : Breakdowns.MaxBy(b => b.Rss.TotalBytes).Rss;

    /// <summary>Largest VmRSS sampled up to the given share (0..1] of the wall time.</summary>
    public long PeakRssUntil(double share) =>
        RssSamples.Where(s => s.At.TotalSeconds <= share * Wall.TotalSeconds).Select(s => s.RssBytes).DefaultIfEmpty(0).Max();

    /// <summary>Runs a process to completion, polling /proc/PID/status for VmHWM and /proc/PID/stat for CPU time.</summary>
    public static async Task<ChildProcessRun> RunAsync(
        string fileName, IEnumerable<string> arguments, TimeSpan timeout, string? standardInput = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = standardInput is not null,
            UseShellExecute = false,
        };
        foreach (var a in arguments)
            info.ArgumentList.Add(a);
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (key, value) in ExtraEnvironment.Concat(environment ?? new Dictionary<string, string>()))
            info.Environment[key] = value;
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {fileName}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (standardInput is not null)
        {
            await process.StandardInput.WriteAsync(standardInput);
            process.StandardInput.Close();
        }
        long peak = 0;
        var samples = new List<(TimeSpan, long)>();
        var breakdowns = new List<(TimeSpan, RssBreakdown)>();
        var nextBreakdown = TimeSpan.Zero;
        var cpu = TimeSpan.Zero;
        using var deadline = new CancellationTokenSource(timeout);
        while (!process.HasExited)
        {
            peak = Math.Max(peak, ProcFs.PeakRssBytes(process.Id));
            var rss = ProcFs.StatusKilobytes(process.Id, "VmRSS:") * 1024;
            if (rss > 0)
                samples.Add((clock.Elapsed, rss));
            if (clock.Elapsed >= nextBreakdown && RssBreakdown.Read(process.Id) is { TotalBytes: > 0 } breakdown)
            {
                breakdowns.Add((clock.Elapsed, breakdown));
                nextBreakdown = clock.Elapsed + TimeSpan.FromMilliseconds(500);
            }
            var now = ProcFs.CpuTime(process.Id);
            if (now > cpu)
                cpu = now;
            try
            {
                await process.WaitForExitAsync(deadline.Token).WaitAsync(TimeSpan.FromMilliseconds(25));
            }
            catch (TimeoutException)
            {
                // Poll again.
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{fileName} ran past {timeout.TotalSeconds:F0} s");
            }
        }
        await process.WaitForExitAsync();
        clock.Stop();
        return new ChildProcessRun(process.ExitCode, clock.Elapsed, peak, cpu, await stdout, await stderr) { RssSamples = samples, Breakdowns = breakdowns };
    }
}
