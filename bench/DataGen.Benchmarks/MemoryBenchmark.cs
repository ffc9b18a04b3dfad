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
        // In-process figures first, while this process holds nothing else (the fake server keeps every request it saw).
        var readerHeld = await MeasureReaderAsync(report);
        var peaks = new List<double>();
        var breakdowns = new List<RssBreakdown?>();
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
            breakdowns.Add(result.Child.BreakdownAtPeak);
            report.Add($"{prompts:N0} prompts: peak RSS (VmHWM)", mib, "MiB");
            report.Add($"{prompts:N0} prompts: rows/s (wall, incl. start-up)", prompts / result.Child.Wall.TotalSeconds, "rows/s");
            var c = result.Child;
            // The shape over time tells a bounded heap (early plateau) from growth with rows written (steady climb).
            report.Notes.Add($"{prompts:N0} prompts: wall {c.Wall.TotalSeconds:F1} s, datagen CPU {c.CpuTime.TotalSeconds:F1} s; largest VmRSS by 25/50/75/100% of the run: " +
                $"{c.PeakRssUntil(0.25) / 1048576.0:F0} / {c.PeakRssUntil(0.5) / 1048576.0:F0} / {c.PeakRssUntil(0.75) / 1048576.0:F0} / {c.PeakRssUntil(1.0) / 1048576.0:F0} MiB; " +
                $"at the largest /proc/PID/smaps sample: {c.BreakdownAtPeak?.Describe() ?? "smaps not readable"}.");
        }
        var growth = peaks[^1] / peaks[0];
        if (breakdowns[0] is { } small && breakdowns[^1] is { } big)
        {
            // Where the growth from the small to the large run sits, by what backs the resident pages.
            static string D(long a, long b) => $"{(b - a) / 1048576.0:+0.0;-0.0;0.0}";
            report.Notes.Add($"Growth {scale.MemoryPrompts[0]:N0} -> {scale.MemoryPrompts[^1]:N0} prompts by what backs it (smaps at each run's largest sample, MiB): " +
                $"anonymous (GC heap + native malloc) {D(small.AnonymousBytes, big.AnonymousBytes)}, brk heap {D(small.BrkHeapBytes, big.BrkHeapBytes)}, " +
                $"JIT code {D(small.JitCodeBytes, big.JitCodeBytes)}, mapped files {D(small.FileBytes, big.FileBytes)}, other {D(small.OtherBytes, big.OtherBytes)}.");
        }
        report.Add("peak RSS large / small", growth, "x", "F2");
        report.Target = new TargetCheck($"peak RSS of {scale.MemoryPrompts[^1]:N0} prompts <= {FlatFactor} x that of {scale.MemoryPrompts[0]:N0}", growth, FlatFactor, LowerIsBetter: true);
        var large = scale.MemoryPrompts[^1];
        // What grows with the prompt count by design (and is bounded per prompt), measured rather than assumed.
        report.Notes.Add($"State kept per prompt by design: PromptFileReader keeps a 64-bit hash and the line of every prompt id for duplicate detection " +
            $"({readerHeld / (double)large:F0} B per prompt, {readerHeld / 1048576.0:F1} MiB at {large:N0}); ParquetPartWriter keeps managed state per row group " +
            "(benchmark 4, 'managed memory held by the Parquet writer', a few MiB at 100k rows), once per output (samples, sft, dpo, rejects).");
        if (!report.Target.Met)
        {
            report.Notes.Add($"Missed: the large run's peak is {peaks[^1] - peaks[0]:F0} MiB above the small run's; the growth by what backs it is in the note above " +
                "(anonymous memory is the GC heap plus native malloc arenas: SQLite, ONNX Runtime; JIT code grows as more methods reach tier 1).");
        }
        return report;
    }

    /// <summary>
    /// State that grows with the prompt count, measured in this process on the same inputs: live managed bytes held by
    /// the prompt reader after reading every prompt (its duplicate-id dictionary); returns the large set's figure.
    /// </summary>
    private async Task<long> MeasureReaderAsync(BenchmarkReport report)
    {
        long held = 0;
        foreach (var prompts in new[] { scale.MemoryPrompts[0], scale.MemoryPrompts[^1] })
        {
            var folder = Path.Combine(workRoot, $"reader-{prompts}");
            Directory.CreateDirectory(folder);
            FakeBackendBuild.WritePrompts(Path.Combine(folder, "prompts.jsonl"), prompts);
            var reader = new DataGen.Stages.Prompts.PromptFileReader(new() { Path = "prompts.jsonl" }, folder);
            var baseline = LiveHeap.Bytes();
            long read = 0;
            await foreach (var _ in reader.ReadAsync(CancellationToken.None))
            {
                if (++read == prompts)
                    held = LiveHeap.Bytes() - baseline;
            }
            report.AddMayBeZero($"prompt reader: managed memory held after {prompts:N0} prompts", held / 1048576.0, "MiB", "F2");
        }
        return held;
    }
}
