using System.CommandLine;
using System.Text.Json;
using DataGen.Pipeline.Cli;
using DataGen.Schemas.Parquet;
using DataGen.Tests.Pipeline.Inspect;
using Parquet.Serialization;

namespace DataGen.Tests.Pipeline.Cli;

public sealed class InspectCommandTests : IAsyncLifetime
{
    private InspectRun _run = null!;

    public async ValueTask InitializeAsync() => _run = await InspectRun.CreateAsync();

    public ValueTask DisposeAsync()
    {
        _run.Dispose();
        return ValueTask.CompletedTask;
    }

    internal static async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        var root = new RootCommand { InspectCommand.Create() };
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await root.Parse(["inspect", .. args]).InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, TestContext.Current.CancellationToken);
        return (exit, output.ToString(), error.ToString());
    }

    private static async Task<JsonElement> JsonAsync(params string[] args)
    {
        var (exit, stdout, stderr) = await RunAsync([.. args, "--format", "json"]);
        Assert.True(exit is 0 or 1, stderr);
        return JsonDocument.Parse(stdout).RootElement.Clone();
    }

    private string PartPath(string output, string name = "part-00000") => Path.Combine(_run.Path, output, name + ".parquet");

    [Fact]
    public async Task TextSummary_ShowsFilesViolationShareAndHistograms()
    {
        var (exit, stdout, stderr) = await RunAsync(_run.Path);

        Assert.True(exit == 0, stderr);
        var violating = _run.Samples.Count(s => s.Planned.Plan is not null);
        Assert.Contains($"{violating} ({(double)violating / _run.Samples.Count:P1})", stdout.Replace("\u00a0", " ", StringComparison.Ordinal));
        foreach (var output in DatasetOutputs.All)
            Assert.Contains(output, stdout);
        Assert.Contains("backtrack_tokens", stdout);
        Assert.Contains("synthesis_attempts", stdout);
        Assert.Contains("synthesis:unverified", stdout);
        Assert.Contains("hostile.jsonl", stdout);
    }

    [Fact]
    public async Task JsonSummary_CountsRowsKindsSharesAndDistributionsFromTheFiles()
    {
        var json = await JsonAsync(_run.Path);
        var summary = json.GetProperty("summary");

        var plans = _run.Samples.Where(s => s.Planned.Plan is not null).Select(s => s.Planned.Plan!).ToList();
        Assert.Equal(_run.Samples.Count, summary.GetProperty("rows_by_output").GetProperty("samples").GetInt64());
        Assert.Equal(plans.Count, summary.GetProperty("violating_samples").GetInt64());
        Assert.Equal((double)plans.Count / _run.Samples.Count, summary.GetProperty("violation_share").GetDouble(), 6);
        Assert.Equal(plans.Count, summary.GetProperty("dpo_by_kind").GetProperty("recover").GetInt64());
        Assert.Equal(1, summary.GetProperty("rejects_by_reason").GetProperty("synthesis:unverified").GetInt64());
        Assert.Equal(_run.Samples.Sum(s => s.Planned.Scored.Sample.Usage.OutputTokens), summary.GetProperty("tokens").GetProperty("output_tokens").GetInt64());
        var backtrack = summary.GetProperty("distributions").EnumerateArray().Single(d => d.GetProperty("name").GetString() == "backtrack_tokens");
        Assert.Equal(plans.Count, backtrack.GetProperty("count").GetInt64());
        Assert.Equal(plans.Min(p => p.BacktrackTokens), backtrack.GetProperty("min").GetInt64());
        Assert.Equal(plans.Max(p => p.BacktrackTokens), backtrack.GetProperty("max").GetInt64());
        Assert.Equal(plans.Count, backtrack.GetProperty("histogram").EnumerateArray().Sum(b => b.GetProperty("count").GetInt64()));
        var hostile = summary.GetProperty("sources").EnumerateArray().Single(s => s.GetProperty("source").GetString() == "hostile.jsonl");
        Assert.Equal((1, 1), (hostile.GetProperty("samples").GetInt64(), hostile.GetProperty("violating").GetInt64()));
        Assert.False(json.TryGetProperty("validation", out _));
        Assert.False(json.TryGetProperty("examples", out _));
    }

    [Fact]
    public async Task ReadsEveryRowGroup_OfFilesWrittenWithSmallGroups()
    {
        using var run = await InspectRun.CreateAsync(extra: 7, rowGroupSize: 2);
        var json = await JsonAsync(run.Path);

        var samples = json.GetProperty("summary").GetProperty("files").EnumerateArray().Single(f => f.GetProperty("output").GetString() == "samples");
        Assert.Equal(run.Samples.Count, samples.GetProperty("rows").GetInt64());
        Assert.Equal((run.Samples.Count + 1) / 2, samples.GetProperty("row_groups").GetInt32());
    }

    [Fact]
    public async Task Validate_OnDatasetWriterOutput_PassesWithExitZero()
    {
        var (exit, stdout, stderr) = await RunAsync(_run.Path, "--validate");

        Assert.True(exit == 0, stdout + stderr);
        Assert.Contains("validate: OK", stdout);
    }

    [Fact]
    public async Task Validate_ListsBrokenInvariants_AndExitsOne()
    {
        var ct = TestContext.Current.CancellationToken;
        var sft = (await ParquetSerializer.DeserializeAsync<SftRow>(PartPath("sft"), cancellationToken: ct)).Data;
        var backtrack = sft.First(r => r.Kind == "backtrack");
        backtrack.BacktrackTokens += 3;
        var wrongPrefix = sft.Last(r => r.Kind == "backtrack");
        wrongPrefix.Prefix = "Altered " + wrongPrefix.Prefix;
        wrongPrefix.Completion[0].Content = wrongPrefix.Prefix + wrongPrefix.Violation + wrongPrefix.Marker + wrongPrefix.Continuation;
        await ParquetSerializer.SerializeAsync(sft, PartPath("sft"), cancellationToken: ct);
        var dpo = (await ParquetSerializer.DeserializeAsync<DpoRow>(PartPath("dpo"), cancellationToken: ct)).Data;
        dpo[0].Rejected = [.. dpo[0].Chosen];
        dpo[1].Chosen = ChatMessageColumn.Assistant(" ");
        dpo.Add(dpo[2]);
        await ParquetSerializer.SerializeAsync(dpo, PartPath("dpo"), cancellationToken: ct);
        var samples = (await ParquetSerializer.DeserializeAsync<SampleRow>(PartPath("samples"), cancellationToken: ct)).Data;
        samples[0].Spans[0].End = samples[0].Response.Length + 5;
        await ParquetSerializer.SerializeAsync(samples, PartPath("samples"), cancellationToken: ct);

        var (exit, stdout, _) = await RunAsync(_run.Path, "--validate", "--format", "json");

        Assert.Equal(1, exit);
        var validation = JsonDocument.Parse(stdout).RootElement.GetProperty("validation");
        Assert.False(validation.GetProperty("ok").GetBoolean());
        var checks = validation.GetProperty("problems").EnumerateArray().Select(p => p.GetProperty("check").GetString()).ToHashSet();
        Assert.Superset(new HashSet<string?> { "backtrack_tokens_mismatch", "response_mismatch", "chosen_equals_rejected", "empty_chosen", "duplicate_id", "span_out_of_range" }, checks);
        Assert.Equal(validation.GetProperty("problem_count").GetInt64(), validation.GetProperty("problems").GetArrayLength());
    }

    [Fact]
    public async Task Validate_ReportsAFileWhoseColumnsDoNotMatchItsOutput()
    {
        await ParquetSerializer.SerializeAsync(new List<RejectRow> { new() { Stage = "x", Reason = "y", Message = "z" } }, PartPath("dpo", "part-00001"),
            cancellationToken: TestContext.Current.CancellationToken);

        var (exit, stdout, stderr) = await RunAsync(_run.Path, "--validate");

        Assert.Equal(1, exit);
        Assert.Contains("part-00001.parquet: schema: does not match the dpo schema", stdout);
        Assert.Contains("problem(s)", stderr);
    }

    [Fact]
    public async Task Validate_WithAnotherTokenizer_FlagsBacktrackCounts()
    {
        var vocab = Path.Combine(_run.Path, "wordpiece");
        Directory.CreateDirectory(vocab);
        await File.WriteAllLinesAsync(Path.Combine(vocab, "vocab.txt"), ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "you", "are", "a"], TestContext.Current.CancellationToken);

        var (exit, stdout, _) = await RunAsync(_run.Path, "--validate", "--tokenizer", vocab);

        Assert.Equal(1, exit);
        Assert.Contains("backtrack_tokens_mismatch", stdout);
        Assert.Contains("wordpiece:", stdout);
    }

    [Fact]
    public async Task Validate_TakesTheRewindTokenizerFromTheRunManifest()
    {
        Directory.CreateDirectory(Path.Combine(_run.Path, "tok"));
        await File.WriteAllLinesAsync(Path.Combine(_run.Path, "tok", "vocab.txt"), ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "you"], TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(Path.Combine(_run.Path, "manifest.json"), """{"config": {"rewind_tokenizer": "tok"}}""", TestContext.Current.CancellationToken);

        var (exit, stdout, _) = await RunAsync(_run.Path, "--validate");
        var (bytesExit, _, _) = await RunAsync(_run.Path, "--validate", "--tokenizer", "bytes");

        Assert.Equal(1, exit);
        Assert.Contains("backtrack_tokens_mismatch", stdout);
        Assert.Equal(0, bytesExit);
    }

    [Fact]
    public async Task WhereKindRecover_ShowsOnlyRecoverPairs_WithChosenAndRejectedSideBySide()
    {
        var json = await JsonAsync(_run.Path, "--where", "kind=recover", "--show", "10");

        var examples = json.GetProperty("examples").EnumerateArray().ToList();
        Assert.Equal(_run.Samples.Count(s => s.Planned.Plan is not null), examples.Count);
        Assert.All(examples, e => Assert.Equal(("dpo", "recover"), (e.GetProperty("output").GetString(), e.GetProperty("kind").GetString())));
        Assert.All(examples, e => Assert.StartsWith("[BACKTRACK_BY_", e.GetProperty("chosen").GetString(), StringComparison.Ordinal));

        var (_, text, _) = await RunAsync(_run.Path, "--where", "kind=recover", "--where", "prompt_id=p1");
        Assert.Contains("chosen", text);
        Assert.Contains("rejected", text);
        Assert.Contains(" and more words.", text);
    }

    [Fact]
    public async Task Id_ShowsTheSampleWithToxicSpanAndRewindPointMarked()
    {
        var (exit, stdout, stderr) = await RunAsync(_run.Path, "--id", InspectRun.HostileId);

        Assert.True(exit == 0, stderr);
        Assert.Contains("⟦BADWORD⟧", stdout);
        Assert.Contains("⏪⟨then ⟩⟦BADWORD⟧", stdout);
        Assert.Contains("<script>window.__pwned=1</script>", stdout);
        var json = await JsonAsync(_run.Path, "--id", InspectRun.HostileId);
        var samples = json.GetProperty("examples").EnumerateArray().Single(e => e.GetProperty("output").GetString() == "samples");
        var roles = samples.GetProperty("segments").EnumerateArray().Select(s => s.GetProperty("role").GetString()).ToList();
        Assert.Equal(["kept", "rewind", "violation", "toxic", "remainder", "continuation"], roles);
        Assert.Equal("BADWORD", samples.GetProperty("segments")[3].GetProperty("text").GetString());
    }

    [Fact]
    public async Task TerminalOutput_StripsAnsiAndControlCharacters_AndPrintsMarkupLiterally()
    {
        var (exit, stdout, stderr) = await RunAsync(_run.Path, "--id", "p-ansi", "--where", "output=samples");

        Assert.True(exit == 0, stderr);
        Assert.DoesNotContain('\u001b', stdout);
        Assert.DoesNotContain('\u0007', stdout);
        Assert.Contains("All good red [bold]markup[/] here.", stdout);
    }

    [Fact]
    public async Task SingleParquetFile_IsInspectedAsItsOutput()
    {
        var json = await JsonAsync(PartPath("dpo"), "--show", "1");

        var files = json.GetProperty("summary").GetProperty("files").EnumerateArray().ToList();
        Assert.Equal("dpo", Assert.Single(files).GetProperty("output").GetString());
        Assert.Equal("dpo", Assert.Single(json.GetProperty("examples").EnumerateArray()).GetProperty("output").GetString());
    }

    [Fact]
    public async Task MissingPath_ExitsTwoWithOneLineError()
    {
        var (exit, _, stderr) = await RunAsync(Path.Combine(_run.Path, "nope"));

        Assert.Equal(2, exit);
        Assert.Contains("no such file or directory", stderr);
        Assert.Single(stderr.Trim().Split('\n'));
    }

    [Fact]
    public async Task BadWhere_ExitsTwoNamingTheExpectedForm()
    {
        var (exit, _, stderr) = await RunAsync(_run.Path, "--where", "kind");

        Assert.Equal(2, exit);
        Assert.Contains("expected KEY=VALUE", stderr);
    }
}
