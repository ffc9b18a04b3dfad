using DataGen.Stages.Spans.Evaluation;
using DataGen.Tests.Stages.Spans;

namespace DataGen.Tests.Stages.Spans.Evaluation;

public sealed class CsvRecordReaderTests
{
    [Fact]
    public void QuotedFields_HoldCommasQuotesAndLineBreaks_LinesAreTracked()
    {
        const string csv = "id,text\r\n1,\"a, \"\"b\"\"\nc\"\r\n2,plain\n3,\n";
        var records = CsvRecordReader.Parse(csv, "x.csv").ToList();
        Assert.Equal(4, records.Count);
        Assert.Equal(["1", "a, \"b\"\nc"], records[1].Fields);
        Assert.Equal(2, records[1].Line);
        Assert.Equal(["2", "plain"], records[2].Fields);
        Assert.Equal(4, records[2].Line);
        Assert.Equal(["3", ""], records[3].Fields);
    }

    [Fact]
    public async Task FieldCountMismatch_ErrorNamesFileAndLine()
    {
        using var temp = new TemporaryFolder();
        var path = temp.File("bad.csv");
        await File.WriteAllTextAsync(path, "id,text\n1,ok\n2,a,b\n", TestContext.Current.CancellationToken);
        var e = await Assert.ThrowsAsync<InputFileException>(async () =>
        {
            await foreach (var _ in CsvRecordReader.ReadAsync(path, TestContext.Current.CancellationToken))
            {
            }
        });
        Assert.StartsWith($"{path}:3: record has 3 fields but the header has 2", e.Message);
    }

    [Fact]
    public void UnclosedQuote_ErrorNamesTheLineWhereTheRecordStarts()
    {
        var e = Assert.Throws<InputFileException>(() => CsvRecordReader.Parse("id,text\n1,\"never closed\n\n", "x.csv").ToList());
        Assert.StartsWith("x.csv:2: quoted field is never closed", e.Message);
    }
}
