using System.Net;
using System.Text.Json;
using DataGen.Tests.Infrastructure;

namespace DataGen.Tests.Pipeline.Serve;

/// <summary>
/// `datagen serve` as operators run it: a child process with a serve: section, a fake OpenAI server, GET /status and
/// /health over real HTTP, then SIGTERM. Assertions use the status document and files, never timings.
/// </summary>
public sealed class ServeEndToEndTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private readonly SmallRunFolder _folder = new("datagen-serve-");
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    public void Dispose()
    {
        _http.Dispose();
        _folder.Dispose();
    }

    private static FakeReply Clean(FakeChatRequest request) => FakeReply.Text("A calm and friendly answer.");

    private static async Task<Uri> StatusBaseAsync(DatagenChild child)
    {
        var line = await child.WaitForLineAsync(l => l.Contains("Status endpoint listening on ", StringComparison.Ordinal), Patience);
        var url = line[(line.IndexOf("http://", StringComparison.Ordinal))..].Split(' ')[0];
        return new Uri(url);
    }

    private async Task<JsonElement> StatusAsync(Uri baseUri)
    {
        var body = await _http.GetStringAsync(new Uri(baseUri, "/status"), TestContext.Current.CancellationToken);
        using var document = JsonDocument.Parse(body);
        return document.RootElement.Clone();
    }

    private async Task<JsonElement> PollStatusAsync(Uri baseUri, Func<JsonElement, bool> until, DatagenChild child)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (watch.Elapsed < Patience)
        {
            var status = await StatusAsync(baseUri);
            if (until(status))
                return status;
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
        throw new Xunit.Sdk.XunitException($"status never reached the expected state; last: {await StatusAsync(baseUri)}\n{child.Output}");
    }

    [Fact]
    public async Task Serve_RunsOnStartReportsStatusAndHealthThenStopsWithExitZeroOnSigterm()
    {
        await using var server = FakeOpenAiServer.Start(Clean);
        _folder.WritePrompts(3);
        var config = _folder.WriteConfig(SmallRunFolder.Yaml(server.BaseUrl) + """
            serve:
              run_on_start: true
              status: {port: 0}
            """);
        await using var child = DatagenChild.Start(null, "serve", "--config", config);
        var baseUri = await StatusBaseAsync(child);

        var health = await _http.GetAsync(new Uri(baseUri, "/health"), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("healthy", JsonDocument.Parse(await health.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement.GetProperty("status").GetString());

        var status = await PollStatusAsync(baseUri, s => s.GetProperty("last_run").ValueKind == JsonValueKind.Object, child);
        var last = status.GetProperty("last_run");
        Assert.True(last.GetProperty("status").GetString() == "completed", status.ToString());
        Assert.Equal(0, last.GetProperty("exit_code").GetInt32());
        Assert.Equal("idle", status.GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.Null, status.GetProperty("current_run").ValueKind);
        Assert.Equal(1, status.GetProperty("ticks").GetProperty("started").GetInt64());
        var folder = last.GetProperty("folder").GetString()!;
        Assert.Equal(Path.Combine(_folder.Combine("out"), "runs"), Path.GetDirectoryName(folder));
        Assert.Equal(folder, (await File.ReadAllTextAsync(_folder.Combine("out/latest"), TestContext.Current.CancellationToken)).Trim());
        Assert.Equal(6, last.GetProperty("rows_written").GetInt64());
        var metrics = status.GetProperty("metrics");
        Assert.Equal(6, metrics.GetProperty("datagen.stage.rows_in{stage=sampling}").GetDouble());
        Assert.Equal(6, metrics.GetProperty("datagen.output.rows_written{output=samples}").GetDouble());
        Assert.Equal(6, metrics.GetProperty("datagen.llm.request.duration{backend=local,outcome=ok}.count").GetDouble());

        child.SendSigterm();
        Assert.Equal(0, await child.WaitForExitAsync(Patience));
        using var manifest = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "manifest.json"), TestContext.Current.CancellationToken));
        Assert.Equal("completed", manifest.RootElement.GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("skip")]
    [InlineData("queue")]
    public async Task Serve_TickDuringActiveRunIsSkippedOrQueuedAndSigtermCancelsTheRun(string overlap)
    {
        // Every request waits far longer than the test: the first run stays active until SIGTERM cancels it.
        await using var server = FakeOpenAiServer.Start(_ => FakeReply.Text("slow") with { Delay = TimeSpan.FromMinutes(5) });
        _folder.WritePrompts(2);
        var config = _folder.WriteConfig(SmallRunFolder.Yaml(server.BaseUrl) + $"""
            serve:
              schedule: "* * * * * *"
              overlap: {overlap}
              shutdown_timeout_seconds: 30
              status: {"{port: 0}"}
            """);
        await using var child = DatagenChild.Start(null, "serve", "--config", config);
        var baseUri = await StatusBaseAsync(child);

        // Two more ticks after the run started: with skip both are skipped; with queue one is queued, the next skipped.
        var status = await PollStatusAsync(baseUri, s => s.GetProperty("ticks").GetProperty("skipped").GetInt64() + s.GetProperty("ticks").GetProperty("queued").GetInt64() >= 2, child);
        var runId = status.GetProperty("current_run").GetProperty("id").GetString()!;
        var ticks = status.GetProperty("ticks");
        Assert.Equal(1, ticks.GetProperty("started").GetInt64());
        Assert.Equal(overlap == "queue" ? 1 : 0, ticks.GetProperty("queued").GetInt64());
        var events = status.GetProperty("recent_events").EnumerateArray().Select(e => (Kind: e.GetProperty("kind").GetString(), Detail: e.GetProperty("detail").GetString()!)).ToList();
        Assert.Equal("started", events[0].Kind);
        Assert.Contains(events, e => e.Kind == (overlap == "queue" ? "queued" : "skipped") && e.Detail.Contains($"run {runId} is active", StringComparison.Ordinal));
        await child.WaitForLineAsync(l => l.Contains(overlap == "queue" ? "queued: run " + runId : "skipped: run " + runId, StringComparison.Ordinal), Patience);
        // SIGTERM while the run is waiting on the server, so it is cancelled mid-flight.
        await PollStatusAsync(baseUri, _ => server.Requests.Count > 0, child);

        child.SendSigterm();
        Assert.Equal(0, await child.WaitForExitAsync(Patience));
        var folder = (await File.ReadAllTextAsync(_folder.Combine("out/latest"), TestContext.Current.CancellationToken)).Trim();
        Assert.Equal(runId, Path.GetFileName(folder));
        using var manifest = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "manifest.json"), TestContext.Current.CancellationToken));
        Assert.Equal("cancelled", manifest.RootElement.GetProperty("status").GetString());
        // The queued run must not start once shutdown has begun: only one run folder exists.
        Assert.Single(Directory.GetDirectories(_folder.Combine("out/runs")));
    }

    [Fact]
    public async Task Serve_WithoutScheduleOrRunOnStartExitsTwoNamingTheKey()
    {
        await using var server = FakeOpenAiServer.Start(Clean);
        _folder.WritePrompts(1);
        var config = _folder.WriteConfig(SmallRunFolder.Yaml(server.BaseUrl));
        await using var child = DatagenChild.Start(null, "serve", "--config", config);

        Assert.Equal(2, await child.WaitForExitAsync(Patience));
        Assert.StartsWith("error: ", child.Output, StringComparison.Ordinal);
        Assert.Contains("serve.schedule: not set", child.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServeOnce_RunsOneBuildAndExitsWithItsExitCode()
    {
        await using var server = FakeOpenAiServer.Start(Clean);
        _folder.WritePrompts(2);
        var config = _folder.WriteConfig(SmallRunFolder.Yaml(server.BaseUrl) + "serve:\n  status: {enabled: false}\n");
        await using var child = DatagenChild.Start(null, "serve", "--config", config, "--once");

        Assert.Equal(0, await child.WaitForExitAsync(Patience));
        var folder = (await File.ReadAllTextAsync(_folder.Combine("out/latest"), TestContext.Current.CancellationToken)).Trim();
        Assert.True(File.Exists(Path.Combine(folder, "sft", "part-00000.parquet")), child.Output);
        Assert.DoesNotContain("Status endpoint listening", child.Output, StringComparison.Ordinal);
    }
}
