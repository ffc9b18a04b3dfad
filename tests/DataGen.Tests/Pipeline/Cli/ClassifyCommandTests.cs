using System.CommandLine;
using System.Text.Json;
using DataGen.Pipeline.Cli;
using DataGen.Tests.Stages.Spans;

namespace DataGen.Tests.Pipeline.Cli;

public sealed class ClassifyCommandTests : IDisposable
{
    private readonly TemporaryFolder _temp = new();

    private static async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        var root = new RootCommand { ClassifyCommand.Create() };
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await root.Parse(["classify", .. args]).InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, TestContext.Current.CancellationToken);
        return (exit, output.ToString(), error.ToString());
    }

    private static List<JsonElement> JsonLines(string text)
        => [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone())];

    [Fact]
    public async Task Jsonl_ToOutputFile_WritesSpansPerRowInOrder_AndPrintsF1()
    {
        var input = _temp.File("in.jsonl");
        await File.WriteAllLinesAsync(input, [
            """{"id": "a", "text": "you are XXXX ok", "gold": "[8, 9, 10, 11]"}""",
            """{"id": "b", "text": "all clean", "gold": "[]"}""",
            """{"id": "c", "text": "XX", "gold": [0]}""",
        ], TestContext.Current.CancellationToken);
        var outputPath = _temp.File("out.jsonl");
        var (exit, stdout, stderr) = await RunAsync("--model", ClassifierFixtures.Bytes, "--input", input, "--id-column", "id",
            "--gold-column", "gold", "--output", outputPath, "--device", "cpu");
        Assert.True(exit == 0, stderr);
        var rows = JsonLines(await File.ReadAllTextAsync(outputPath, TestContext.Current.CancellationToken));
        Assert.Equal(["a", "b", "c"], rows.Select(r => r.GetProperty("id").GetString()));
        var span = Assert.Single(rows[0].GetProperty("spans").EnumerateArray());
        Assert.Equal((8, 12), (span.GetProperty("start").GetInt32(), span.GetProperty("end").GetInt32()));
        Assert.False(span.TryGetProperty("text", out _));
        Assert.Empty(rows[1].GetProperty("spans").EnumerateArray());
        Assert.Equal(0.01, rows[1].GetProperty("max_score").GetDouble(), 1e-4);
        // F1 per text: 1 (exact), 1 (both empty), 2*1/(2+1) = 0.6667 -> mean 0.8889
        Assert.Contains("span F1 0.8889, precision 0.8333, recall 1.0000 over 3 texts", stdout);
        Assert.Empty(Directory.GetFiles(_temp.Path, "out.jsonl.tmp-*"));
    }

    [Fact]
    public async Task Csv_WithQuotedMultiLineText_ToStdout_IdsDefaultToRowNumbers()
    {
        var input = _temp.File("in.csv");
        await File.WriteAllTextAsync(input, "comment_text,other\r\n\"line one,\nthen XX\",1\r\nplain,2\r\n", TestContext.Current.CancellationToken);
        var (exit, stdout, stderr) = await RunAsync("--model", ClassifierFixtures.Bytes, "--input", input, "--text-column", "comment_text", "--device", "cpu");
        Assert.True(exit == 0, stderr);
        var rows = JsonLines(stdout);
        Assert.Equal([0L, 1L], rows.Select(r => r.GetProperty("id").GetInt64()));
        var span = Assert.Single(rows[0].GetProperty("spans").EnumerateArray());
        Assert.Equal((15, 17), (span.GetProperty("start").GetInt32(), span.GetProperty("end").GetInt32()));
        Assert.Contains("rows 2, toxic rows 1, spans 1", stderr);
    }

    [Fact]
    public async Task MissingColumn_ExitsTwo_NamingFileColumnAndTheColumnsThatExist()
    {
        var input = _temp.File("in.csv");
        await File.WriteAllTextAsync(input, "id,comment\n1,hello\n", TestContext.Current.CancellationToken);
        var (exit, _, stderr) = await RunAsync("--model", ClassifierFixtures.Bytes, "--input", input, "--device", "cpu");
        Assert.Equal(2, exit);
        Assert.Contains($"error: {input}:2: column 'text' not found (columns: id, comment); pick one with --text-column", stderr);
    }

    [Fact]
    public async Task MissingInputOrModel_ExitsTwo_WithOneLineError()
    {
        var (exit, _, stderr) = await RunAsync("--model", ClassifierFixtures.Bytes, "--input", _temp.File("absent.jsonl"), "--device", "cpu");
        Assert.Equal(2, exit);
        Assert.Contains("absent.jsonl: input file not found", stderr);

        var input = _temp.File("in.jsonl");
        await File.WriteAllTextAsync(input, "{\"text\": \"x\"}\n", TestContext.Current.CancellationToken);
        (exit, _, stderr) = await RunAsync("--model", _temp.File("no-model"), "--input", input);
        Assert.Equal(2, exit);
        Assert.Contains("no-model: classifier folder not found", stderr);
    }

    [Fact]
    public async Task BadThreshold_IsAUsageError()
    {
        var (exit, _, stderr) = await RunAsync("--model", ClassifierFixtures.Bytes, "--input", "x.jsonl", "--threshold", "1.5");
        Assert.Equal(2, exit);
        Assert.Contains("--threshold: must be in (0, 1)", stderr);
    }

    [Fact]
    public async Task FailedRun_LeavesNoOutputFile()
    {
        var input = _temp.File("in.jsonl");
        await File.WriteAllTextAsync(input, "{\"text\": \"ok\"}\nnot json\n", TestContext.Current.CancellationToken);
        var outputPath = _temp.File("out.jsonl");
        var (exit, _, stderr) = await RunAsync("--model", ClassifierFixtures.Bytes, "--input", input, "--output", outputPath, "--device", "cpu");
        Assert.Equal(2, exit);
        Assert.Contains($"{input}:2: invalid JSON", stderr);
        Assert.Empty(Directory.GetFiles(_temp.Path, "out.jsonl*"));
    }

    public void Dispose() => _temp.Dispose();
}
