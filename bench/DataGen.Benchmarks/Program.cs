using System.Diagnostics;
using DataGen.Benchmarks;

// Usage: DataGen.Benchmarks [--smoke] [--out FILE] [--repo DIR] [--command TEXT] [--only 1,3] [--child-env NAME=VALUE]...
var smoke = args.Contains("--smoke");
string? Arg(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
var repo = Arg("--repo") is { } r ? new RepositoryLayout(Path.GetFullPath(r)) : RepositoryLayout.Find(AppContext.BaseDirectory);
var output = Arg("--out");
var command = Arg("--command") ?? "bash bench.sh";
foreach (var pair in args.Zip(args.Skip(1)).Where(p => p.First == "--child-env").Select(p => p.Second.Split('=', 2)))
    ChildProcessRun.ExtraEnvironment[pair[0]] = pair[1];
var only = Arg("--only")?.Split(',').Select(int.Parse).ToHashSet();
if (!File.Exists(repo.DatagenDll))
{
    Console.Error.WriteLine($"error: {repo.DatagenDll} not found; build it first: dotnet build pipeline -c Release");
    return 2;
}

var scale = new BenchScale(smoke);
var workRoot = Path.Combine(Path.GetTempPath(), $"datagen-bench-{Environment.ProcessId}");
Directory.CreateDirectory(workRoot);
var started = DateTimeOffset.UtcNow;
var clock = Stopwatch.StartNew();
var machine = MachineDescription.Read();
Console.WriteLine($"machine: {machine.Cpu}, {machine.Cores} cores, {machine.MemoryGiB:F1} GiB; other CPU load: {machine.OtherLoad}");

var benchmarks = new (int Number, Func<Task<BenchmarkReport>> Run)[]
{
    (1, () => new LittlesLawBenchmark(repo, scale, workRoot).RunAsync()),
    (2, () => new ClassifierBenchmark(repo, scale).RunAsync()),
    (3, () => new GenerationBenchmark(repo, scale).RunAsync()),
    (4, () => new EmitBenchmark(scale, workRoot).RunAsync()),
    (5, () => new MemoryBenchmark(repo, scale, workRoot).RunAsync()),
};
var reports = new List<BenchmarkReport>();
var failures = new List<string>();
try
{
    foreach (var (number, run) in benchmarks)
    {
        if (only is not null && !only.Contains(number))
            continue;
        var step = Stopwatch.StartNew();
        Console.WriteLine($"running benchmark {number} ...");
        try
        {
            var report = await run();
            reports.Add(report);
            Console.Write(ReportWriter.Table([report]));
            var bad = report.Figures.Where(f => !double.IsFinite(f.Value) || (f.Value <= 0 && !f.MayBeZero)).Select(f => f.Measure).ToList();
            if (report.Figures.Count == 0 || bad.Count > 0)
                failures.Add($"benchmark {number}: no usable figure for {(bad.Count > 0 ? string.Join(", ", bad) : "anything")}");
        }
        catch (Exception ex)
        {
            failures.Add($"benchmark {number}: {ex.GetType().Name}: {ex.Message}");
            Console.Error.WriteLine($"benchmark {number} failed: {ex}");
        }
        Console.WriteLine($"(benchmark {number} took {step.Elapsed.TotalSeconds:F1} s)");
    }
}
finally
{
    Directory.Delete(workRoot, recursive: true);
}

Console.WriteLine();
Console.WriteLine(ReportWriter.Table(reports));
if (output is not null)
{
    await ReportWriter.WriteAtomicallyAsync(output, ReportWriter.Markdown(reports, machine, command, started, clock.Elapsed) + ReportWriter.KeptHistory(output));
    Console.WriteLine($"wrote {output}");
}
foreach (var f in failures)
    Console.Error.WriteLine("FAILED " + f);
Console.WriteLine($"{reports.Count} benchmarks produced figures, {failures.Count} failed, {clock.Elapsed.TotalSeconds:F0} s");
return failures.Count == 0 ? 0 : 1;
