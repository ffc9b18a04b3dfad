using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using DataGen.Tests.Infrastructure;

namespace DataGen.Benchmarks;

/// <summary>
/// One `datagen build` child process against the fake OpenAI server answering every request after a fixed latency
/// with a short clean reply, so sampling is the only backend work (the classifier is the tiny byte-table fixture).
/// Records the arrival time of every request at the server and the child's peak RSS and CPU time.
/// </summary>
public sealed class FakeBackendBuild(RepositoryLayout repo, string workDirectory)
{
    public const string Reply = "Thanks for asking. Here is a short and friendly answer.";

    public sealed record Result(ChildProcessRun Child, long[] ArrivalTicks, int ServerMaxInFlight, TimeSpan ServerCpu, int Prompts, string RunFolder);

    /// <param name="environment">Extra variables for the child (e.g. a GC heap limit).</param>
    /// <param name="allowFailure">Return a failed run instead of throwing (its log is in the result).</param>
    public async Task<Result> RunAsync(
        int prompts, int samplesPerPrompt, int concurrency, TimeSpan latency, TimeSpan timeout,
        IReadOnlyDictionary<string, string>? environment = null, bool allowFailure = false)
    {
        Directory.CreateDirectory(workDirectory);
        var promptPath = Path.Combine(workDirectory, "prompts.jsonl");
        WritePrompts(promptPath, prompts);
        var arrivals = new ConcurrentQueue<long>();
        var serverCpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        await using var server = FakeOpenAiServer.Start(
            request =>
            {
                arrivals.Enqueue(Stopwatch.GetTimestamp());
                return new FakeReply(Reply) { Delay = latency };
            },
            maxRequests: int.MaxValue);
        var configPath = Path.Combine(workDirectory, "pipeline.yaml");
        await File.WriteAllTextAsync(configPath, Config(server.BaseUrl, promptPath, samplesPerPrompt, concurrency));
        var runFolder = Path.Combine(workDirectory, "run");
        if (Directory.Exists(runFolder))
            Directory.Delete(runFolder, recursive: true);
        var child = await ChildProcessRun.RunAsync(
            "dotnet", [repo.DatagenDll, "build", "--config", configPath, "--out", runFolder, "--no-progress"], timeout, environment: environment);
        if (child.ExitCode != 0 && !allowFailure)
        {
            // The work folder is deleted at the end of the run; keep the full log where it can be read.
            var log = Path.Combine(Path.GetTempPath(), $"datagen-bench-failed-{Environment.ProcessId}-{prompts}.log");
            await File.WriteAllTextAsync(log, child.StandardError + child.StandardOutput);
            throw new InvalidOperationException($"datagen build exited {child.ExitCode} (full log: {log}): {FirstError(child.StandardError + child.StandardOutput)}");
        }
        var serverCpu = Process.GetCurrentProcess().TotalProcessorTime - serverCpuBefore;
        // Drain the queue before the server (and its recording) is disposed.
        var ticks = arrivals.ToArray();
        Array.Sort(ticks);
        return new Result(child, ticks, server.MaxInFlight, serverCpu, prompts, runFolder);
    }

    /// <summary>The first log line naming an exception (or the output's end), cut to a readable length.</summary>
    private static string FirstError(string output)
    {
        var line = output.Split('\n').FirstOrDefault(l => l.Contains("Exception", StringComparison.Ordinal)) ?? output[Math.Max(0, output.Length - 1500)..];
        return line.Length > 1500 ? line[..1500] : line;
    }

    /// <summary>A JSONL prompt file with ids p000000, p000001, ...</summary>
    public static void WritePrompts(string path, int count)
    {
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false));
        for (var i = 0; i < count; i++)
            writer.WriteLine(JsonSerializer.Serialize(new { id = $"p{i:D6}", prompt = $"Please describe a quiet afternoon in the park, version {i}." }));
    }

    private string Config(Uri baseUrl, string promptPath, int samplesPerPrompt, int concurrency)
    {
        static string Q(string s) => JsonSerializer.Serialize(s); // a JSON string is a valid YAML double-quoted scalar
        return $"""
            run:
              seed: 7
              output: {Q(Path.Combine(workDirectory, "output"))}
              channel_capacity: {Math.Max(64, concurrency * 2)}
            prompts:
              path: {Q(promptPath)}
            backends:
              fake:
                type: openai
                base_url: {Q(baseUrl.ToString())}
                model: bench-model
                max_concurrency: {concurrency}
                timeout_seconds: 60
                max_retries: 0
            sampling:
              backend: fake
              samples_per_prompt: {samplesPerPrompt}
              max_tokens: 16
              concurrency: {concurrency}
            classifier:
              model: {Q(repo.FixtureClassifier)}
              device: cpu
              concurrency: 64
            rewind:
              policy: sentence
            synthesis:
              backend: fake
              template: {Q(repo.SynthesisTemplate)}
              concurrency: 8
            """;
    }
}
