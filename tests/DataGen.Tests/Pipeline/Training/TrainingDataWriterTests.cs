using System.Text.Json.Nodes;
using DataGen.Pipeline.Training;
using DataGen.Schemas.Parquet;
using DataGen.Stages.Tokenization;
using DataGen.Stages.Training;
using DataGen.Tests.Pipeline.Inspect;
using Parquet.Serialization;

namespace DataGen.Tests.Pipeline.Training;

/// <summary>TrainingDataWriter on a run written by the real DatasetWriter (InspectRun).</summary>
public sealed class TrainingDataWriterTests : IAsyncLifetime
{
    private InspectRun _run = null!;

    public async ValueTask InitializeAsync() => _run = await InspectRun.CreateAsync(extra: 9, rowGroupSize: 3);

    public ValueTask DisposeAsync()
    {
        _run.Dispose();
        return ValueTask.CompletedTask;
    }

    private string DataFolder => Path.Combine(_run.Path, "train", "data");

    private Task<TrainingData> WriteAsync(bool sft = true, string[]? kinds = null) =>
        TrainingDataWriter.WriteAsync(_run.Path, DataFolder, sft, kinds ?? ["recover", "avoid", "clean"], Utf8ByteTokenCounter.Instance, TestContext.Current.CancellationToken);

    private async Task<IList<T>> ReadPartAsync<T>(string output)
        where T : class, new() =>
        (await ParquetSerializer.DeserializeAsync<T>(Path.Combine(_run.Path, output, "part-00000.parquet"), cancellationToken: TestContext.Current.CancellationToken)).Data;

    private static async Task<List<JsonObject>> ReadLinesAsync(string path) =>
        [.. (await File.ReadAllLinesAsync(path, TestContext.Current.CancellationToken)).Select(l => JsonNode.Parse(l)!.AsObject())];

    private static JsonArray Messages(List<ChatMessageColumn> messages) =>
        [.. messages.Select(m => (JsonNode)new JsonObject { ["role"] = m.Role, ["content"] = m.Content })];

    [Fact]
    public async Task WriteAsync_SftJsonl_IsEveryParquetRowInOrder_WithContractKeys()
    {
        var data = await WriteAsync();

        var rows = await ReadPartAsync<SftRow>("sft");
        var lines = await ReadLinesAsync(data.SftPath!);
        Assert.Equal(rows.Count, lines.Count);
        Assert.Equal(rows.Count, data.SftRows);
        Assert.Contains(rows, r => r.Kind == "clean");
        Assert.Contains(rows, r => r.Kind == "backtrack");
        for (var i = 0; i < rows.Count; i++)
        {
            var r = rows[i];
            var expected = new JsonObject
            {
                ["prompt"] = Messages(r.Prompt), ["kind"] = r.Kind, ["prefix"] = r.Prefix, ["violation"] = r.Violation, ["marker"] = r.Marker,
                ["continuation"] = r.Continuation, ["prompt_id"] = r.PromptId, ["sample_index"] = r.SampleIndex,
            };
            Assert.True(JsonNode.DeepEquals(expected, lines[i]), $"line {i}: {lines[i].ToJsonString()}");
            Assert.Equal(expected.Select(p => p.Key), lines[i].Select(p => p.Key));
        }
        Assert.Empty(Directory.GetFiles(DataFolder, "*.tmp"));
    }

    [Fact]
    public async Task WriteAsync_DpoJsonl_KeepsOnlyConfiguredKinds_ChosenAndRejectedAsText()
    {
        var data = await WriteAsync(kinds: ["recover", "clean"]);

        var kept = (await ReadPartAsync<DpoRow>("dpo")).Where(r => r.Kind is "recover" or "clean").ToList();
        var lines = await ReadLinesAsync(data.DpoPath!);
        Assert.Equal(kept.Count, lines.Count);
        Assert.Equal(kept.Count(r => r.Kind == "recover"), data.DpoRowsByKind["recover"]);
        Assert.Equal(kept.Count(r => r.Kind == "clean"), data.DpoRowsByKind["clean"]);
        Assert.False(data.DpoRowsByKind.ContainsKey("avoid"));
        for (var i = 0; i < kept.Count; i++)
        {
            var r = kept[i];
            var expected = new JsonObject
            {
                ["prompt"] = Messages(r.Prompt), ["chosen"] = r.Chosen[0].Content, ["rejected"] = r.Rejected[0].Content,
                ["kind"] = r.Kind, ["prompt_id"] = r.PromptId, ["sample_index"] = r.SampleIndex,
            };
            Assert.True(JsonNode.DeepEquals(expected, lines[i]), $"line {i}: {lines[i].ToJsonString()}");
        }
    }

    [Fact]
    public async Task WriteAsync_SkippedPhases_WriteNoFile()
    {
        var data = await TrainingDataWriter.WriteAsync(_run.Path, DataFolder, includeSft: false, dpoKinds: ["avoid"], Utf8ByteTokenCounter.Instance, TestContext.Current.CancellationToken);

        Assert.Null(data.SftPath);
        Assert.False(File.Exists(Path.Combine(DataFolder, TrainingDataWriter.SftFileName)));
        Assert.All(await ReadLinesAsync(data.DpoPath!), l => Assert.Equal("avoid", (string?)l["kind"]));
    }

    [Fact]
    public async Task WriteAsync_RowBreakingAnInvariant_IsRefusedWithOneLineNamingFileAndRow()
    {
        var bad = new SftRow
        {
            Prompt = [new ChatMessageColumn { Role = "user", Content = "Hi" }],
            Completion = ChatMessageColumn.Assistant("not the parts"),
            Kind = "backtrack", Prefix = "A ", Violation = "XX", Marker = "[BACKTRACK_BY_2]", Continuation = "kind words.",
            BacktrackChars = 2, BacktrackTokens = 2, PromptId = "bad", SampleIndex = 0,
        };
        var part = Path.Combine(_run.Path, "sft", "part-00001.parquet");
        await ParquetSerializer.SerializeAsync(new List<SftRow> { bad }, part, cancellationToken: TestContext.Current.CancellationToken);

        var error = await Assert.ThrowsAsync<TrainingSetupException>(() => WriteAsync());

        Assert.StartsWith($"train: {part}: row 0: completion_mismatch: bad#0: completion is not prefix + violation + marker + continuation;", error.Message, StringComparison.Ordinal);
        Assert.Contains("datagen inspect", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.False(Directory.Exists(DataFolder) && Directory.EnumerateFiles(DataFolder).Any());
    }

    [Fact]
    public async Task WriteAsync_FileThatIsNotParquet_IsRefused()
    {
        var part = Path.Combine(_run.Path, "dpo", "part-00001.parquet");
        await File.WriteAllTextAsync(part, "this is not parquet", TestContext.Current.CancellationToken);

        var error = await Assert.ThrowsAsync<TrainingSetupException>(() => WriteAsync());

        Assert.StartsWith($"train: {part}: unreadable: not a readable Parquet file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteAsync_NoPairsOfTheKeptKinds_SaysHowToFix()
    {
        foreach (var file in Directory.GetFiles(Path.Combine(_run.Path, "dpo")))
            File.Delete(file);

        var error = await Assert.ThrowsAsync<TrainingSetupException>(() => WriteAsync());

        Assert.Contains("train.dpo: no ", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("build the run first or set train.dpo.enabled: false", error.Message, StringComparison.Ordinal);
    }
}
