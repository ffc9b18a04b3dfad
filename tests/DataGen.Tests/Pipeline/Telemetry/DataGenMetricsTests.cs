using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using DataGen.Pipeline.Build;
using DataGen.Pipeline.Config;
using DataGen.Pipeline.Telemetry;
using DataGen.Schemas.Parquet;
using DataGen.Stages.Telemetry;
using DataGen.Tests.Infrastructure;
using DataGen.Tests.Pipeline.Serve;
using Microsoft.Extensions.Logging.Abstractions;
using Parquet.Serialization;

namespace DataGen.Tests.Pipeline.Telemetry;

/// <summary>
/// A real small build (real composer, fake OpenAI server, fixture classifier) observed with a MeterListener: every
/// DataGen instrument reports what the server and the written Parquet files say happened.
/// </summary>
[Collection(MeterCollection.Name)]
public sealed class DataGenMetricsTests : IDisposable
{
    private const int PromptTokens = 7;
    private const int CompletionTokens = 3;
    private readonly SmallRunFolder _folder = new("datagen-metrics-");

    public void Dispose() => _folder.Dispose();

    // The first request for p1 gets a server error (a reject at sampling); p2's samples have a violation to backtrack.
    private readonly ConcurrentDictionary<string, bool> _failed = new(StringComparer.Ordinal);

    private FakeReply Script(FakeChatRequest request)
    {
        if (request.Messages.Any(m => m.Role == "system"))
            return FakeReply.Text("Let us keep it kind.") with { PromptTokens = PromptTokens, CompletionTokens = CompletionTokens };
        var text = request.LastUserText;
        if (text.Contains("topic 1", StringComparison.Ordinal) && _failed.TryAdd("topic 1", true))
            return FakeReply.Status(500);
        var reply = text.Contains("topic 2", StringComparison.Ordinal) ? "Fine. But XXXX here." : "A friendly answer.";
        return FakeReply.Text(reply) with { PromptTokens = PromptTokens, CompletionTokens = CompletionTokens };
    }

    [Fact]
    public async Task Build_RaisesStageRejectTokenLatencyAndRowsWrittenMeasurements()
    {
        var measurements = new ConcurrentDictionary<string, double>(StringComparer.Ordinal);
        var durations = new ConcurrentBag<double>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == DataGenMetrics.MeterName)
                l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((i, v, tags, _) => measurements.AddOrUpdate(MetricTotals.Key(i.Name, tags), v, (_, n) => n + v));
        listener.SetMeasurementEventCallback<double>((i, v, tags, _) =>
        {
            measurements.AddOrUpdate(MetricTotals.Key(i.Name, tags), 1, (_, n) => n + 1);
            durations.Add(v);
        });
        listener.Start();

        await using var server = FakeOpenAiServer.Start(Script);
        _folder.WritePrompts(3);
        var config = _folder.WriteConfig(SmallRunFolder.Yaml(server.BaseUrl, backend: "probe"));
        var run = _folder.Combine("run");
        using var errors = new StringWriter();
        var exit = await new BuildRunner(new PipelineComposer(), new ConfigLoader(), NullLoggerFactory.Instance, errors)
            .RunAsync(new BuildRequest(config, run), null, TestContext.Current.CancellationToken);
        listener.Dispose();

        Assert.True(exit == 0, errors.ToString());
        double M(string key) => measurements.GetValueOrDefault(key);
        var requests = server.Requests;
        var failed = 1;
        // 3 prompts x 2 samples enter sampling; one fails there.
        Assert.Equal(6, M("datagen.stage.rows_in{stage=sampling}"));
        Assert.Equal(5, M("datagen.stage.rows_out{stage=sampling}"));
        Assert.Equal(3, M("datagen.stage.rows_in{stage=prompts}"));
        Assert.Equal(1, M("datagen.rejects{reason=llm_error,stage=sampling}"));
        Assert.Equal(M("datagen.stage.rows_out{stage=spans}"), M("datagen.stage.rows_in{stage=rewind}"));
        // Tokens: every answered request's usage, nothing for the failed one.
        Assert.Equal((requests.Count - failed) * PromptTokens, M("datagen.llm.tokens{backend=probe,direction=input}"));
        Assert.Equal((requests.Count - failed) * CompletionTokens, M("datagen.llm.tokens{backend=probe,direction=output}"));
        // Latency: one measurement per request, the error tagged as such, all positive.
        Assert.Equal(requests.Count - failed, M("datagen.llm.request.duration{backend=probe,outcome=ok}"));
        Assert.Equal(failed, M("datagen.llm.request.duration{backend=probe,outcome=error}"));
        Assert.All(durations, d => Assert.True(d > 0));
        // Rows written per output match the Parquet files.
        foreach (var (output, count) in new[] { ("samples", await CountAsync<SampleRow>(run, "samples")), ("sft", await CountAsync<SftRow>(run, "sft")), ("dpo", await CountAsync<DpoRow>(run, "dpo")), ("rejects", await CountAsync<RejectRow>(run, "rejects")) })
            Assert.True(count == M($"datagen.output.rows_written{{output={output}}}"), $"{output}: {count} rows in the file");
        Assert.Equal(5, M("datagen.output.rows_written{output=samples}"));
        Assert.True(M("datagen.output.rows_written{output=dpo}") > 0);
    }

    private static async Task<int> CountAsync<T>(string run, string output)
        where T : class, new()
    {
        var path = Path.Combine(run, output, "part-00000.parquet");
        return (await ParquetSerializer.DeserializeAsync<T>(path, cancellationToken: TestContext.Current.CancellationToken)).Data.Count;
    }
}
