using DataGen.Tests.Pipeline.Support;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using DataGen.Schemas.Parquet;
using DataGen.Stages;
using DataGen.Tests.Infrastructure;
using Parquet.Serialization;

namespace DataGen.Tests.Pipeline.Resume;

/// <summary>
/// `datagen build` killed with SIGKILL at seeded random points (and stopped with SIGTERM) and resumed with
/// `--resume` each time, against a local OpenAI-compatible server that answers slowly: the final dataset holds
/// exactly the rows of an uninterrupted run with the same seed, in the same order, and the replay cache keeps the
/// resumed sessions from re-asking what was already answered.
/// </summary>
public sealed class ResumeEndToEndTests : IDisposable
{
    private const long RunSeed = 5;
    private const int Prompts = 24;
    private const int SamplesPerPrompt = 2;
    private const int MaxConcurrency = 4;
    private static readonly TimeSpan ReplyDelay = TimeSpan.FromMilliseconds(40);
    private static readonly TimeSpan SessionTimeout = TimeSpan.FromMinutes(2);
    private static readonly string[] Outputs = [DatasetOutputs.Samples, DatasetOutputs.Sft, DatasetOutputs.Dpo, DatasetOutputs.Rejects];
    private readonly string _folder = Directory.CreateTempSubdirectory("datagen-resume-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static string PromptText(int n) => $"Tell me about topic {n}.";

    /// <summary>Prompts n%3==1 get a violation in sample 0; prompts n%7==3 get a server error for sample 1 (a reject).</summary>
    private static FakeReply Script(FakeChatRequest request)
    {
        if (request.Messages.Any(m => m.Role == "system"))
            return FakeReply.Text("Let us keep this friendly.") with { Delay = ReplyDelay };
        var n = Enumerable.Range(0, Prompts).Single(i => request.LastUserText == PromptText(i));
        var sample = Enumerable.Range(0, SamplesPerPrompt).Single(i => SeedDeriver.Derive(RunSeed, $"p{n:D2}", i, "sample") == request.Seed);
        if (n % 7 == 3 && sample == 1)
            return FakeReply.Status(500) with { Delay = ReplyDelay };
        var text = n % 3 == 1 && sample == 0 ? $"Topic {n} is fine. But you are a XXXX and more." : $"Topic {n} sample {sample} is calm.";
        return FakeReply.Text(text) with { Delay = ReplyDelay };
    }

    private static bool Answers(FakeChatRequest request) => Script(request).Fault == FakeFault.None;

    private string WriteConfig(Uri baseUrl)
    {
        var lines = Enumerable.Range(0, Prompts).Select(n => $$"""{"id": "p{{n:D2}}", "prompt": "{{PromptText(n)}}"}""");
        File.WriteAllText(Path.Combine(_folder, "prompts.jsonl"), string.Join('\n', lines) + "\n");
        var fixtures = Path.Combine(AppContext.BaseDirectory, "Fixtures");
        var path = Path.Combine(_folder, "pipeline.yaml");
        File.WriteAllText(path, $"""
            run:
              seed: {RunSeed}
              output: out
              reorder_window: 8
            prompts:
              path: prompts.jsonl
            backends:
              local:
                type: openai
                base_url: {baseUrl}
                model: scripted-model
                max_retries: 0
                max_concurrency: {MaxConcurrency}
            sampling:
              backend: local
              samples_per_prompt: {SamplesPerPrompt}
              temperature: 0.9
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
              max_attempts: 2
            emit:
              dpo_kinds: [recover, avoid, clean]
              clean_pair_rate: 0.5
              part_rows: 3
            """);
        return path;
    }

    /// <summary>The reference: the same config and seed run once without interruption; returns its folder and the request bodies it sent.</summary>
    private async Task<(string Run, HashSet<string> Bodies)> UninterruptedRunAsync()
    {
        await using var server = FakeOpenAiServer.Start(Script);
        var run = Path.Combine(_folder, "uninterrupted");
        using var process = DatagenProcess.Start("build", "--config", WriteConfig(server.BaseUrl), "--out", run, "--no-progress");
        var exit = await process.WaitAsync(SessionTimeout, TestContext.Current.CancellationToken);
        Assert.True(exit == 0, process.Output);
        return (run, server.Requests.Select(r => r.Body).ToHashSet());
    }

    private static async Task WaitForRequestsAsync(FakeOpenAiServer server, int count, DatagenProcess process)
    {
        var waited = Stopwatch.StartNew();
        while (server.Requests.Count < count && !process.HasExited && waited.Elapsed < SessionTimeout)
            await Task.Delay(5, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task KilledAtRandomPointsAndResumed_WritesExactlyTheRowsOfAnUninterruptedRun()
    {
        var (expected, expectedBodies) = await UninterruptedRunAsync();
        await using var server = FakeOpenAiServer.Start(Script);
        var config = WriteConfig(server.BaseUrl);
        var run = Path.Combine(_folder, "resumed");
        var random = new Random(2026);
        var killPoints = new[] { random.Next(6, 16), random.Next(24, 34), random.Next(44, 54) };

        var kills = 0;
        for (var session = 0; session <= killPoints.Length; session++)
        {
            using var process = session == 0
                ? DatagenProcess.Start("build", "--config", config, "--out", run, "--no-progress")
                : DatagenProcess.Start("build", "--resume", run, "--no-progress");
            if (session < killPoints.Length)
            {
                await WaitForRequestsAsync(server, killPoints[session], process);
                if (!process.HasExited)
                {
                    process.Kill();
                    kills++;
                }
            }
            var exit = await process.WaitAsync(SessionTimeout, TestContext.Current.CancellationToken);
            if (session == killPoints.Length)
                Assert.True(exit == 0, process.Output);
        }

        Assert.True(kills >= 2, $"only {kills} sessions were killed mid-run; the kill points are past the end of the run");
        await AssertSameDatasetAsync(expected, run);
        var manifest = ReadManifest(run);
        Assert.Equal(kills + 1, manifest.GetProperty("resume").GetProperty("sessions").GetInt32());

        // Replay: every answered request appears once, except those in flight when a kill landed (answered, but the
        // answer died with the process); requests that failed are not cached and may be asked again.
        var answered = server.Requests.Where(Answers).GroupBy(r => r.Body).ToList();
        Assert.Equal(expectedBodies, server.Requests.Select(r => r.Body).ToHashSet());
        // Bound: what was in flight at each kill (≤ max_concurrency, plus answers not yet stored). Measured with
        // run.replay_cache: false on this config: ~50 answered requests asked again after 3 kills; with the cache 13-16.
        var reasked = answered.Sum(g => g.Count() - 1);
        var parts = Directory.GetFiles(Path.Combine(run, DatasetOutputs.Samples), "part-*.parquet").Length;
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"kills at requests {string.Join(", ", killPoints)}: {kills} kills, {server.Requests.Count} requests (uninterrupted: {expectedBodies.Count} distinct), " +
            $"{reasked} answered requests asked again, {parts} sample parts, final session replay cache {manifest.GetProperty("replay_cache").GetRawText()}");
        Assert.True(reasked <= kills * MaxConcurrency * 2, $"{reasked} answered requests were asked again after {kills} kills");

        // inspect reads the multi-part run and every invariant holds.
        using var inspect = DatagenProcess.Start("inspect", run, "--validate");
        Assert.True(await inspect.WaitAsync(SessionTimeout, TestContext.Current.CancellationToken) == 0, inspect.Output);
    }

    [Fact]
    public async Task StoppedWithSigtermAndResumed_ExitsCancelledThenCompletesWithTheSameRows()
    {
        var (expected, _) = await UninterruptedRunAsync();
        await using var server = FakeOpenAiServer.Start(Script);
        var config = WriteConfig(server.BaseUrl);
        var run = Path.Combine(_folder, "terminated");

        using (var first = DatagenProcess.Start("build", "--config", config, "--out", run, "--no-progress"))
        {
            await WaitForRequestsAsync(server, 30, first);
            Assert.False(first.HasExited, "the run ended before SIGTERM could be sent");
            using (var kill = Process.Start("kill", ["-TERM", first.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
                await kill.WaitForExitAsync(TestContext.Current.CancellationToken);
            var exit = await first.WaitAsync(SessionTimeout, TestContext.Current.CancellationToken);
            Assert.True(exit == 130, first.Output);
            Assert.Contains($"--resume {run}", first.Output, StringComparison.Ordinal);
        }
        var cancelled = ReadManifest(run);
        Assert.Equal("cancelled", cancelled.GetProperty("status").GetString());
        var committed = cancelled.GetProperty("resume").GetProperty("prompts_committed").GetInt64();
        Assert.InRange(committed, 1, Prompts - 1);
        Assert.Empty(Directory.GetFiles(run, "*.inprogress", SearchOption.AllDirectories));

        var changed = Path.Combine(_folder, "changed.yaml");
        File.WriteAllText(changed, File.ReadAllText(config).Replace("clean_pair_rate: 0.5", "clean_pair_rate: 0.7", StringComparison.Ordinal));
        using (var refused = DatagenProcess.Start("build", "--resume", run, "--config", changed, "--no-progress"))
        {
            Assert.Equal(2, await refused.WaitAsync(SessionTimeout, TestContext.Current.CancellationToken));
            Assert.Contains("the config changed since the run started", refused.Output, StringComparison.Ordinal);
        }

        using (var resumed = DatagenProcess.Start("build", "--resume", run, "--no-progress"))
        {
            var exit = await resumed.WaitAsync(SessionTimeout, TestContext.Current.CancellationToken);
            Assert.True(exit == 0, resumed.Output);
        }
        await AssertSameDatasetAsync(expected, run);
        var manifest = ReadManifest(run);
        Assert.Equal(committed, manifest.GetProperty("resume").GetProperty("prompts_skipped").GetInt64());

        using var again = DatagenProcess.Start("build", "--resume", run, "--no-progress");
        Assert.Equal(0, await again.WaitAsync(SessionTimeout, TestContext.Current.CancellationToken));
        Assert.Contains("already completed", again.Output, StringComparison.Ordinal);
    }

    private static JsonElement ReadManifest(string run) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "manifest.json"))).RootElement.Clone();

    private static async Task AssertSameDatasetAsync(string expected, string actual)
    {
        Assert.Equal(await RowsAsync<SampleRow>(expected, DatasetOutputs.Samples), await RowsAsync<SampleRow>(actual, DatasetOutputs.Samples));
        Assert.Equal(await RowsAsync<SftRow>(expected, DatasetOutputs.Sft), await RowsAsync<SftRow>(actual, DatasetOutputs.Sft));
        Assert.Equal(await RowsAsync<DpoRow>(expected, DatasetOutputs.Dpo), await RowsAsync<DpoRow>(actual, DatasetOutputs.Dpo));
        Assert.Equal(await RowsAsync<RejectRow>(expected, DatasetOutputs.Rejects), await RowsAsync<RejectRow>(actual, DatasetOutputs.Rejects));
        foreach (var output in Outputs)
            Assert.Empty(Directory.GetFiles(Path.Combine(actual, output), "*.inprogress"));

        var a = ReadManifest(expected);
        var b = ReadManifest(actual);
        Assert.Equal("completed", b.GetProperty("status").GetString());
        foreach (var figure in new[] { "rows_written", "rejects_written" })
            Assert.Equal(a.GetProperty(figure).GetInt64(), b.GetProperty(figure).GetInt64());
        foreach (var figure in new[] { "rejects_by_reason", "token_usage_by_backend" })
            Assert.Equal(a.GetProperty(figure).GetRawText(), b.GetProperty(figure).GetRawText());
        Assert.Equal(a.GetProperty("outputs").GetProperty("rows_per_output").GetRawText(), b.GetProperty("outputs").GetProperty("rows_per_output").GetRawText());
        Assert.Equal(a.GetProperty("outputs").GetProperty("dpo_pairs_by_kind").GetRawText(), b.GetProperty("outputs").GetProperty("dpo_pairs_by_kind").GetRawText());
        Assert.Equal(StageCounts(a), StageCounts(b));
    }

    private static List<string> StageCounts(JsonElement manifest) =>
    [
        .. manifest.GetProperty("stages").EnumerateArray().Select(s =>
            $"{s.GetProperty("name").GetString()} in={s.GetProperty("in").GetInt64()} out={s.GetProperty("out").GetInt64()} " +
            $"rejected={s.GetProperty("rejected").GetInt64()} usage={s.GetProperty("token_usage").GetRawText()}"),
    ];

    /// <summary>Every row of an output, all parts in name order, each as its JSON text (so any field that differs shows).</summary>
    private static async Task<List<string>> RowsAsync<T>(string run, string output)
        where T : class, new()
    {
        var rows = new List<string>();
        foreach (var part in Directory.GetFiles(Path.Combine(run, output), "part-*.parquet").Order(StringComparer.Ordinal))
        {
            var data = await ParquetSerializer.DeserializeAsync<T>(part, cancellationToken: TestContext.Current.CancellationToken);
            rows.AddRange(data.Data.Select(r => JsonSerializer.Serialize(r)));
        }
        return rows;
    }
}
