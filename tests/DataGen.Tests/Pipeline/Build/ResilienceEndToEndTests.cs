using System.Collections.Concurrent;
using System.Text.Json;
using DataGen.Schemas.Parquet;
using DataGen.Stages;
using DataGen.Tests.Infrastructure;
using DataGen.Tests.Pipeline.Support;
using Parquet.Serialization;

namespace DataGen.Tests.Pipeline.Build;

/// <summary>
/// `datagen build` as a child process against the fake OpenAI server injecting 500/503s, 429 with Retry-After,
/// replies slower than the try timeout, dropped connections and malformed JSON: nothing is lost and the manifest
/// counts exactly what was injected. And a tiny budget stops the run with exit 3.
/// </summary>
public sealed class ResilienceEndToEndTests : IDisposable
{
    private const long RunSeed = 5;
    private const int SamplesPerPrompt = 2;
    private readonly string _folder = Directory.CreateTempSubdirectory("datagen-resil-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static readonly string[] Prompts = ["Tell me about cats.", "Tell me about dogs.", "Tell me about birds.", "Tell me about fish."];

    // Faults before the first success of each sample, by (prompt, sample); 3 at most, below max_attempts 4.
    private static readonly FakeReply[][] Schedule =
    [
        [FakeReply.Status(500), FakeReply.Status(500)],
        [FakeReply.RateLimited(1)],
        [Slow()],
        [FakeReply.DropConnection()],
        [FakeReply.MalformedJson()],
        [FakeReply.Status(503), FakeReply.DropConnection()],
        [],
        [FakeReply.MalformedJson(), Slow(), FakeReply.Status(500)],
    ];

    private static FakeReply Slow() => FakeReply.Text("too late") with { Delay = TimeSpan.FromSeconds(3) };

    private static Func<FakeChatRequest, FakeReply> FaultScript()
    {
        var visits = new ConcurrentDictionary<int, int>();
        return request =>
        {
            var prompt = Array.IndexOf(Prompts, request.LastUserText);
            var sample = Enumerable.Range(0, SamplesPerPrompt).Single(i => SeedDeriver.Derive(RunSeed, $"p{prompt}", i, "sample") == request.Seed);
            var key = (prompt * SamplesPerPrompt) + sample;
            var visit = visits.AddOrUpdate(key, 0, (_, n) => n + 1);
            return visit < Schedule[key].Length ? Schedule[key][visit] : FakeReply.Text($"A calm answer number {key}.");
        };
    }

    private string WriteConfig(Uri baseUrl, string extra = "", int maxConcurrency = 4)
    {
        File.WriteAllLines(Path.Combine(_folder, "prompts.jsonl"), Prompts.Select((p, i) => $"{{\"id\": \"p{i}\", \"prompt\": \"{p}\"}}"));
        var fixtures = Path.Combine(AppContext.BaseDirectory, "Fixtures");
        var config = $"""
            run:
              seed: {RunSeed}
              output: out
            prompts:
              path: prompts.jsonl
            backends:
              local:
                type: openai
                base_url: {baseUrl}
                model: scripted-model
                max_concurrency: {maxConcurrency}
                min_concurrency: 1
                retry:
                  max_attempts: 4
                  base_delay_seconds: 0.05
                  max_delay_seconds: 0.2
                  attempt_timeout_seconds: 1
                  breaker_min_throughput: 1000
            sampling:
              backend: local
              samples_per_prompt: {SamplesPerPrompt}
              max_tokens: 64
            classifier:
              model: {Path.Combine(fixtures, "test-classifier")}
              batch_size: 4
            rewind:
              policy: sentence
              tokenizer: bytes
            synthesis:
              backend: local
              template: {RepositoryPaths.File("prompts", "templates", "synthesis-instruct.md")}
            {extra}
            """;
        var path = Path.Combine(_folder, "pipeline.yaml");
        File.WriteAllText(path, config);
        return path;
    }

    private static JsonElement Manifest(string run) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "manifest.json"))).RootElement;

    [Fact]
    public async Task Build_survives_injected_faults_loses_nothing_and_counts_every_retry()
    {
        await using var server = FakeOpenAiServer.Start(FaultScript());
        var config = WriteConfig(server.BaseUrl);
        var run = Path.Combine(_folder, "run");

        var (exit, output, errors) = await DatagenProcess.RunAsync("build", "--config", config, "--out", run, "--no-progress");

        Assert.True(exit == 0, output + errors);
        var samples = (await ParquetSerializer.DeserializeAsync<SampleRow>(
            Directory.GetFiles(Path.Combine(run, "samples"), "*.parquet").Single(), cancellationToken: TestContext.Current.CancellationToken)).Data;
        var expected = Enumerable.Range(0, Prompts.Length).SelectMany(p => Enumerable.Range(0, SamplesPerPrompt).Select(s => $"p{p}#{s}"));
        Assert.Equal(expected, samples.Select(s => $"{s.PromptId}#{s.SampleIndex}"));
        Assert.All(samples, s => Assert.StartsWith("A calm answer number", s.Response, StringComparison.Ordinal));

        var root = Manifest(run);
        Assert.Equal("completed", root.GetProperty("status").GetString());
        Assert.Equal(0, root.GetProperty("rejects_written").GetInt64());
        var backend = root.GetProperty("backends").GetProperty("local");
        var injected = server.Injected;
        var expectedRetries = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var (kind, count) in injected)
            expectedRetries[kind switch { "delay" => "timeout", "drop" => "connection", _ => kind }] = count;
        var retries = backend.GetProperty("retries_by_cause").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64());
        Assert.Equal(expectedRetries, new SortedDictionary<string, long>(retries, StringComparer.Ordinal));
        Assert.Equal(Schedule.Sum(s => s.Length), backend.GetProperty("retries").GetInt64());
        Assert.Equal(0, backend.GetProperty("failures").GetInt64());
        Assert.Equal(injected["status_429"], backend.GetProperty("rate_limited").GetInt64());
        Assert.Equal(Prompts.Length * SamplesPerPrompt, backend.GetProperty("requests").GetInt64());
        Assert.Equal(server.Requests.Count, backend.GetProperty("attempts").GetInt64());
        var concurrency = backend.GetProperty("concurrency");
        Assert.Equal(4, concurrency.GetProperty("max").GetInt32());
        Assert.True(concurrency.GetProperty("lowest").GetInt32() < 4, "a 429 or a try timeout lowers the concurrency limit");
    }

    [Fact]
    public async Task Build_stops_with_exit_3_when_the_cost_cap_is_reached()
    {
        await using var server = FakeOpenAiServer.Start(_ => FakeReply.Text("A calm answer.") with { PromptTokens = 10, CompletionTokens = 3 });
        var budget = """
            budget:
              max_cost: 0.00002
              prices:
                local: {input_per_million: 1, output_per_million: 2}
            """;
        var config = WriteConfig(server.BaseUrl, budget, maxConcurrency: 1);
        var run = Path.Combine(_folder, "run");

        var (exit, output, errors) = await DatagenProcess.RunAsync("build", "--config", config, "--out", run, "--no-progress");

        Assert.True(exit == 3, output + errors);
        Assert.Contains("budget exhausted: budget.max_cost 0.00002 USD reached", errors, StringComparison.Ordinal);
        Assert.Contains($"datagen build --resume {run}", errors, StringComparison.Ordinal);
        var root = Manifest(run);
        Assert.Equal("budget_exhausted", root.GetProperty("status").GetString());
        Assert.Equal(3, root.GetProperty("exit_code").GetInt32());
        var spent = root.GetProperty("budget");
        Assert.True(spent.GetProperty("exhausted").GetBoolean());
        Assert.Equal("budget.max_cost", spent.GetProperty("cap").GetString());
        // 0.000016 per reply: the second reply crosses 0.00002 and no further request is started.
        Assert.Equal(2, server.Requests.Count);
        Assert.Equal(0.000032, spent.GetProperty("spent_cost").GetDouble(), 9);
        Assert.Equal(0.000032, root.GetProperty("backends").GetProperty("local").GetProperty("cost").GetDouble(), 9);
        var leftovers = Directory.EnumerateFiles(run, "*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".inprogress", StringComparison.Ordinal) || f.EndsWith(".tmp", StringComparison.Ordinal));
        Assert.Empty(leftovers);

        // Every journal commit records the spend so far, so it survives a session that dies before its manifest.
        Assert.Equal(0.000032, DataGen.Pipeline.Resume.RunJournal.Read(run).LastCheckpoint!.Spend!.Cost, 9);

        // Resumed with the same cap, the earlier spend counts: it stops again at once without asking anything.
        (exit, output, errors) = await DatagenProcess.RunAsync("build", "--resume", run, "--config", config, "--no-progress");
        Assert.True(exit == 3, output + errors);
        Assert.Equal(2, server.Requests.Count);

        // As after SIGKILL (no manifest written), the journal alone still carries the spend.
        File.Delete(Path.Combine(run, "manifest.json"));
        (exit, output, errors) = await DatagenProcess.RunAsync("build", "--resume", run, "--config", config, "--no-progress");
        Assert.True(exit == 3, output + errors);
        Assert.Equal(2, server.Requests.Count);
        Assert.Equal(0.000032, Manifest(run).GetProperty("budget").GetProperty("spent_cost").GetDouble(), 9);

        // Raising the cap is not a config change that blocks --resume; the run then completes.
        await File.WriteAllTextAsync(config, (await File.ReadAllTextAsync(config, TestContext.Current.CancellationToken)).Replace("max_cost: 0.00002", "max_cost: 1", StringComparison.Ordinal), TestContext.Current.CancellationToken);
        (exit, output, errors) = await DatagenProcess.RunAsync("build", "--resume", run, "--config", config, "--no-progress");
        Assert.True(exit == 0, output + errors);
        root = Manifest(run);
        Assert.Equal("completed", root.GetProperty("status").GetString());
        Assert.True(server.Requests.Count > 2);
        Assert.True(root.GetProperty("budget").GetProperty("spent_cost").GetDouble() >= 0.000032, "the spend of the earlier sessions is carried");
    }
}
