using DataGen.Schemas;
using DataGen.Schemas.Parquet;
using DataGen.Stages.Emit;
using DataGen.Stages.Tokenization;
using Parquet.Serialization;

namespace DataGen.Tests.Pipeline.Resume;

/// <summary>DatasetWriter's checkpoints: parts roll, an interrupted part is removed, a resumed writer continues numbering and totals.</summary>
public sealed class RollingPartsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("datagen-rolling-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static FinishedSample Clean(string promptId, int index)
    {
        var prompt = new PromptRecord(promptId, [new ChatTurn("user", "Say something")], "prompts.jsonl", 1, 0);
        var sample = new Sample(prompt, index, $"Fine answer {promptId}#{index}.", "b", "m", 7, new TokenUsage(3, 4), "stop");
        return new FinishedSample(new PlannedSample(new ScoredSample(sample, [], 0.01f), null), null);
    }

    private static RejectRecord Reject(string promptId) => new("sampling", "llm_error", "boom", promptId, 0, "prompts.jsonl", 1);

    private string[] Parts(string output) =>
        [.. Directory.GetFiles(Path.Combine(_folder, output)).Select(Path.GetFileName).Order(StringComparer.Ordinal)!];

    [Fact]
    public async Task Checkpoints_RollParts_AndAResumedWriterContinuesNumberingAndTotals()
    {
        var ct = TestContext.Current.CancellationToken;
        var options = new EmitOptions { CleanPairRate = 0, SftIncludeClean = true };
        DatasetSummary afterFirst;
        await using (var writer = new DatasetWriter(_folder, options, 1, Utf8ByteTokenCounter.Instance))
        {
            await writer.WriteAsync(Clean("a", 0), ct);
            await writer.WriteAsync(Clean("a", 1), ct);
            afterFirst = await writer.CheckpointAsync(ct);
            await writer.WriteAsync(Clean("b", 0), ct);
            await writer.WriteRejectAsync(Reject("b"), ct);
            afterFirst = await writer.CheckpointAsync(ct);
            await writer.WriteAsync(Clean("c", 0), ct); // never committed: the writer is disposed as by a crash
        }

        Assert.Equal(["part-00000.parquet", "part-00001.parquet"], Parts("samples"));
        Assert.Equal(["part-00000.parquet"], Parts("rejects"));
        Assert.Empty(Directory.GetFiles(Path.Combine(_folder, "dpo")));
        Assert.Equal(3, afterFirst.RowsPerOutput["samples"]);
        Assert.Equal(5, afterFirst.Files.Count);

        DatasetSummary final;
        await using (var resumed = new DatasetWriter(_folder, options, 1, Utf8ByteTokenCounter.Instance, afterFirst))
        {
            await resumed.WriteAsync(Clean("c", 0), ct);
            final = await resumed.CompleteAsync(ct);
        }

        Assert.Equal(["part-00000.parquet", "part-00001.parquet", "part-00002.parquet"], Parts("samples"));
        Assert.Equal(["part-00000.parquet"], Parts("dpo")); // an output that never got a row still gets a readable part
        Assert.Equal(4, final.RowsPerOutput["samples"]);
        Assert.Equal(1, final.RowsPerOutput["rejects"]);
        var ids = new List<string>();
        foreach (var part in Parts("samples"))
        {
            var rows = await ParquetSerializer.DeserializeAsync<SampleRow>(Path.Combine(_folder, "samples", part), cancellationToken: ct);
            ids.AddRange(rows.Data.Select(r => $"{r.PromptId}#{r.SampleIndex}"));
        }
        Assert.Equal(["a#0", "a#1", "b#0", "c#0"], ids);
    }
}
