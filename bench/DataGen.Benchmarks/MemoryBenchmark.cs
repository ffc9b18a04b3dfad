namespace DataGen.Benchmarks;

/// <summary>
/// (5) Peak RSS of a `datagen build` child for a small and a 100x larger prompt set against the fake server with short
/// replies (no latency): bounded channels and the reorder window should keep it flat.
/// </summary>
public sealed class MemoryBenchmark(RepositoryLayout repo, BenchScale scale, string workRoot)
{
    private const int Concurrency = 64;

    /// <summary>"Flat": the large run's peak RSS at most this multiple of the small run's.</summary>
    private const double FlatFactor = 1.25;

    public async Task<BenchmarkReport> RunAsync()
    {
        var report = new BenchmarkReport("5. Memory: peak RSS of `datagen build` (fake server, 0 ms latency, 1 sample per prompt, C = 64)");
        var peaks = new List<double>();
        foreach (var prompts in scale.MemoryPrompts)
        {
            var build = new FakeBackendBuild(repo, Path.Combine(workRoot, $"memory-{prompts}"));
            var result = await build.RunAsync(prompts, samplesPerPrompt: 1, Concurrency, TimeSpan.Zero, TimeSpan.FromMinutes(8));
            if (result.ArrivalTicks.Length != prompts)
                throw new InvalidOperationException($"server saw {result.ArrivalTicks.Length} requests, expected {prompts}");
            var mib = result.Child.PeakRssBytes / 1048576.0;
            if (mib <= 0)
                throw new InvalidOperationException("no VmHWM was read from /proc for the datagen child");
            peaks.Add(mib);
            report.Add($"{prompts:N0} prompts: peak RSS (VmHWM)", mib, "MiB");
            report.Add($"{prompts:N0} prompts: rows/s (wall, incl. start-up)", prompts / result.Child.Wall.TotalSeconds, "rows/s");
            report.Notes.Add($"{prompts:N0} prompts: wall {result.Child.Wall.TotalSeconds:F1} s, datagen CPU {result.Child.CpuTime.TotalSeconds:F1} s.");
        }
        var growth = peaks[^1] / peaks[0];
        report.Add("peak RSS large / small", growth, "x", "F2");
        report.Target = new TargetCheck($"peak RSS of {scale.MemoryPrompts[^1]:N0} prompts <= {FlatFactor} x that of {scale.MemoryPrompts[0]:N0}", growth, FlatFactor, LowerIsBetter: true);
        return report;
    }
}
