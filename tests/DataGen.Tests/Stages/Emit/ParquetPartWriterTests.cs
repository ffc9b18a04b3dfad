using DataGen.Schemas.Parquet;
using DataGen.Stages.Emit;
using DataGen.Tests.Stages.Prompts;
using Parquet;
using Parquet.Serialization;

namespace DataGen.Tests.Stages.Emit;

public sealed class ParquetPartWriterTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static RejectRow Row(int i) => new() { Stage = "s", Reason = "r" + i, Message = "m", PromptId = "p" + i, SampleIndex = i, Source = "f", Line = i + 1 };

    [Fact]
    public async Task WritesARowGroupEveryNRowsAndKeepsOrder()
    {
        var ct = TestContext.Current.CancellationToken;
        string path;
        await using (var writer = new ParquetPartWriter<RejectRow>(_folder.Path, "part-00000", rowGroupSize: 3))
        {
            for (var i = 0; i < 7; i++)
                await writer.WriteAsync(Row(i), ct);
            Assert.Equal(2, writer.RowGroupCount);
            path = await writer.CompleteAsync(ct);
        }

        Assert.Equal(Path.Combine(_folder.Path, "part-00000.parquet"), path);
        await using (var reader = await ParquetReader.CreateAsync(path, cancellationToken: ct))
        {
            Assert.Equal(3, reader.RowGroupCount);
            Assert.Equal([3L, 3, 1], Enumerable.Range(0, 3).Select(g => reader.OpenRowGroupReader(g).RowCount));
        }
        var rows = (await ParquetSerializer.DeserializeAsync<RejectRow>(path, cancellationToken: ct)).Data;
        Assert.Equal(Enumerable.Range(0, 7).Select(i => "p" + i), rows.Select(r => r.PromptId));
        Assert.Equal(7L, rows[^1].Line);
    }

    [Fact]
    public async Task AbortedWriteLeavesNoFileThatLooksComplete()
    {
        var ct = TestContext.Current.CancellationToken;
        var writer = new ParquetPartWriter<RejectRow>(_folder.Path, "part-00000", rowGroupSize: 2);
        for (var i = 0; i < 5; i++)
            await writer.WriteAsync(Row(i), ct);

        Assert.True(File.Exists(writer.TempPath));
        Assert.EndsWith(".parquet.inprogress", writer.TempPath);
        Assert.False(File.Exists(writer.FinalPath));

        await writer.DisposeAsync();

        Assert.Empty(Directory.EnumerateFiles(_folder.Path));
    }

    [Fact]
    public async Task ZeroRowsGiveAValidSchemaOnlyFile()
    {
        var ct = TestContext.Current.CancellationToken;
        string path;
        await using (var writer = new ParquetPartWriter<DpoRow>(_folder.Path, "part-00000", rowGroupSize: 10))
            path = await writer.CompleteAsync(ct);

        Assert.False(File.Exists(path + ParquetPartWriter<DpoRow>.InProgressSuffix));
        await using var reader = await ParquetReader.CreateAsync(path, cancellationToken: ct);
        Assert.Equal(["prompt", "chosen", "rejected", "kind", "prompt_id", "sample_index", "marker"], reader.Schema.Fields.Select(f => f.Name));
        Assert.Equal(0L, Enumerable.Range(0, reader.RowGroupCount).Sum(g => reader.OpenRowGroupReader(g).RowCount));
        Assert.Empty((await ParquetSerializer.DeserializeAsync<DpoRow>(path, cancellationToken: ct)).Data);
    }
}
