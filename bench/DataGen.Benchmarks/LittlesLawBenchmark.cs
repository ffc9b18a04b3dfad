using System.Diagnostics;

namespace DataGen.Benchmarks;

/// <summary>
/// (1) Pipeline vs Little's law: with a fixed server latency L and C requests in flight, the best possible rate is C/L.
/// Measures requests/s arriving at the fake server in the middle 80% of the run (start-up and drain excluded).
/// </summary>
public sealed class LittlesLawBenchmark(RepositoryLayout repo, BenchScale scale, string workRoot)
{
    private const int SamplesPerPrompt = 4;
    private const int TargetConcurrency = 64;
    private const double Required = 0.95;

    public async Task<BenchmarkReport> RunAsync()
    {
        var latency = scale.PipelineLatency;
        var report = new BenchmarkReport($"1. Pipeline vs Little's law (fake OpenAI server, L = {latency.TotalMilliseconds:F0} ms per request)");
        foreach (var c in scale.PipelineConcurrencies)
        {
            var ideal = c / latency.TotalSeconds;
            // Enough prompts for the configured duration at the ideal rate.
            var prompts = Math.Max(16, (int)(ideal * scale.PipelineDuration.TotalSeconds / SamplesPerPrompt));
            var build = new FakeBackendBuild(repo, Path.Combine(workRoot, $"littles-law-c{c}"));
            var result = await build.RunAsync(prompts, SamplesPerPrompt, c, latency, TimeSpan.FromMinutes(5));
            var expected = prompts * SamplesPerPrompt;
            if (result.ArrivalTicks.Length != expected)
                throw new InvalidOperationException($"server saw {result.ArrivalTicks.Length} requests, expected {expected}");
            var rate = SteadyRate(result.ArrivalTicks);
            var ratio = rate / ideal;
            report.Add($"C = {c}: requests/s at the server (steady 80%)", rate, "req/s");
            report.Add($"C = {c}: ideal C/L", ideal, "req/s");
            report.Add($"C = {c}: achieved / (C/L)", ratio, "", "F3");
            // Little's law backwards: the time each of the C slots actually took per request (L plus all overhead).
            report.Add($"C = {c}: time per request implied by C / rate", c / rate * 1000, "ms", "F1");
            report.Add($"C = {c}: most requests in flight at the server", result.ServerMaxInFlight, "", "N0");
            var cpuShare = result.Child.CpuTime.TotalSeconds / result.Child.Wall.TotalSeconds;
            report.Add($"C = {c}: datagen CPU (cores busy, whole run)", cpuShare, "cores", "F2");
            report.Add($"C = {c}: server CPU (cores busy)", result.ServerCpu.TotalSeconds / result.Child.Wall.TotalSeconds, "cores", "F2");
            report.Notes.Add($"C = {c}: {expected} requests ({prompts} prompts x {SamplesPerPrompt} samples), datagen wall {result.Child.Wall.TotalSeconds:F1} s incl. start-up, " +
                $"{result.Child.CpuTime.TotalSeconds:F1} CPU-s in datagen, {result.ServerCpu.TotalSeconds:F1} CPU-s in the fake server, peak RSS {result.Child.PeakRssBytes / 1048576.0:F0} MiB.");
            if (c == TargetConcurrency || (scale.Smoke && c == scale.PipelineConcurrencies[^1]))
            {
                report.Target = new TargetCheck($"achieved / (C/L) at C = {c} >= {Required}", ratio, Required);
                if (!report.Target.Met)
                {
                    report.Notes.Add($"Missed at C = {c}: each of the C slots took {c / rate * 1000:F1} ms per request, {c / rate * 1000 - latency.TotalMilliseconds:F1} ms over L " +
                        "(client request building and JSON, HTTP on loopback, the fake server's handling, timer granularity); " +
                        $"the server had at most {result.ServerMaxInFlight} of {c} requests in flight; " +
                        $"datagen used {cpuShare:F2} and the fake server {result.ServerCpu.TotalSeconds / result.Child.Wall.TotalSeconds:F2} of {Environment.ProcessorCount} cores.");
                }
            }
        }
        return report;
    }

    /// <summary>Requests per second between the 10th and 90th percentile arrival.</summary>
    private static double SteadyRate(long[] ticks)
    {
        var first = ticks.Length / 10;
        var last = ticks.Length - 1 - (ticks.Length / 10);
        var seconds = (ticks[last] - ticks[first]) / (double)Stopwatch.Frequency;
        return (last - first) / seconds;
    }
}
