using DataGen.Schemas;
using DataGen.Schemas.Parquet;
using DataGen.Stages.Emit;
using DataGen.Stages.Tokenization;
using DataGen.Tests.Stages.Prompts;
using Parquet;
using Parquet.Schema;
using Parquet.Serialization;

namespace DataGen.Tests.Stages.Emit;

public sealed class DatasetWriterTests : IDisposable
{
    private const string Response = "Sure thing. You are a XXX and more words.";
    private const string Continuation = "Let us keep it kind.";
    private static readonly PromptRecord Prompt = new("p1", [new ChatTurn("system", "Be safe."), new ChatTurn("user", "Say something")], "prompts.jsonl", 3, 0);
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static FinishedSample Violating(int index = 0, string response = Response, RewindPlan? plan = null)
    {
        plan ??= new RewindPlan("sentence", 12, 25, "Sure thing. ", "You are a XXX", " and more words.", 13, 13);
        var sample = new Sample(Prompt, index, response, "vllm", "tiny-lm", 1234, new TokenUsage(10, 11), "stop");
        var scored = new ScoredSample(sample, [new ToxicSpan(22, 25, 0.93f)], 0.93f);
        return new FinishedSample(new PlannedSample(scored, plan), new Correction(Continuation, 2, 0.05f, 99, "vllm", "tiny-lm", new TokenUsage(5, 6)));
    }

    private static FinishedSample Clean(int index, string response)
    {
        var sample = new Sample(Prompt, index, response, "vllm", "tiny-lm", 77, new TokenUsage(10, 4), "length");
        return new FinishedSample(new PlannedSample(new ScoredSample(sample, [], 0.02f), null), null);
    }

    private async Task<DatasetSummary> WriteAsync(EmitOptions options, params FinishedSample[] rows)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var writer = new DatasetWriter(_folder.Path, options, runSeed: 42, Utf8ByteTokenCounter.Instance);
        foreach (var row in rows)
            await writer.WriteAsync(row, ct);
        await writer.WriteRejectAsync(new RejectRecord("synthesis", "unverified", "p2#0: still toxic after 4 attempts", "p2", 0, "prompts.jsonl", 4), ct);
        return await writer.CompleteAsync(ct);
    }

    private async Task<IList<T>> ReadAsync<T>(string output) where T : class, new() =>
        (await ParquetSerializer.DeserializeAsync<T>(Path.Combine(_folder.Path, output, "part-00000.parquet"), cancellationToken: TestContext.Current.CancellationToken)).Data;

    private static void AssertMessages(IEnumerable<(string Role, string Content)> expected, List<ChatMessageColumn> actual) =>
        Assert.Equal(expected, actual.Select(m => (m.Role, m.Content)));

    [Fact]
    public async Task WritesOneFolderPerOutputAndSummarizes()
    {
        var summary = await WriteAsync(new EmitOptions { CleanPairRate = 0 }, Violating(), Clean(1, "All good here."));

        foreach (var output in DatasetOutputs.All)
            Assert.True(File.Exists(Path.Combine(_folder.Path, output, "part-00000.parquet")), output);
        Assert.Empty(Directory.EnumerateFiles(_folder.Path, "*.inprogress", SearchOption.AllDirectories));
        Assert.Equal(4, summary.Files.Count);
        Assert.All(summary.Files, f => Assert.True(File.Exists(f)));
        Assert.Equal(2L, summary.RowsPerOutput["samples"]);
        Assert.Equal(2L, summary.RowsPerOutput["sft"]);
        Assert.Equal(2L, summary.RowsPerOutput["dpo"]);
        Assert.Equal(1L, summary.RowsPerOutput["rejects"]);
        Assert.Equal(1L, summary.DpoPairsByKind["recover"]);
        Assert.Equal(1L, summary.DpoPairsByKind["avoid"]);
        Assert.Equal(0L, summary.DpoPairsByKind["clean"]);
        Assert.Equal(1L, summary.Skipped["clean:not_sampled"]);
    }

    [Fact]
    public async Task SamplesRowCarriesSpansPlanAndCorrection()
    {
        await WriteAsync(new EmitOptions(), Violating(), Clean(1, "All good here."));

        var rows = await ReadAsync<SampleRow>("samples");
        var bad = rows[0];
        Assert.Equal(("p1", 0, "prompts.jsonl", Response, "vllm", "tiny-lm", 1234L), (bad.PromptId, bad.SampleIndex, bad.Source, bad.Response, bad.Backend, bad.Model, bad.Seed));
        Assert.Equal((10L, 11L, "stop", true, 0.93f), (bad.InputTokens, bad.OutputTokens, bad.FinishReason, bad.HasViolation, bad.MaxScore));
        AssertMessages([("system", "Be safe."), ("user", "Say something")], bad.Prompt);
        Assert.Equal((22, 25, 0.93f), (bad.Spans[0].Start, bad.Spans[0].End, bad.Spans[0].Score));
        Assert.Equal(("sentence", 12, 25, 13, 13), (bad.Policy, bad.RewindChar, bad.ViolationEnd, bad.BacktrackChars, bad.BacktrackTokens));
        Assert.Equal((Continuation, 2, 0.05f), (bad.Correction!.Continuation, bad.Correction.Attempts, bad.Correction.CorrectionScore));

        var clean = rows[1];
        Assert.False(clean.HasViolation);
        Assert.Empty(clean.Spans);
        Assert.Null(clean.Policy);
        Assert.Null(clean.RewindChar);
        Assert.Null(clean.Correction);
        Assert.Equal("length", clean.FinishReason);
    }

    [Fact]
    public async Task SftRowsJoinPrefixViolationMarkerContinuation()
    {
        await WriteAsync(new EmitOptions { CategoryMarker = "[TOXIC]" }, Violating(), Clean(1, "All good here."));

        var rows = await ReadAsync<SftRow>("sft");
        var backtrack = rows[0];
        AssertMessages([("system", "Be safe."), ("user", "Say something")], backtrack.Prompt);
        AssertMessages([("assistant", "Sure thing. You are a XXX[TOXIC][BACKTRACK_BY_13]Let us keep it kind.")], backtrack.Completion);
        Assert.Equal(("backtrack", "Sure thing. ", "You are a XXX", "[TOXIC][BACKTRACK_BY_13]", Continuation),
            (backtrack.Kind, backtrack.Prefix, backtrack.Violation, backtrack.Marker, backtrack.Continuation));
        Assert.Equal((13, 13, "sentence", "p1", 0), (backtrack.BacktrackChars, backtrack.BacktrackTokens, backtrack.Policy, backtrack.PromptId, backtrack.SampleIndex));

        var clean = rows[1];
        AssertMessages([("assistant", "All good here.")], clean.Completion);
        Assert.Equal(("clean", "", "", "", "All good here.", 1), (clean.Kind, clean.Prefix, clean.Violation, clean.Marker, clean.Continuation, clean.SampleIndex));
    }

    [Fact]
    public async Task SftIncludeCleanFalseWritesOnlyBacktrackRows()
    {
        var summary = await WriteAsync(new EmitOptions { SftIncludeClean = false }, Violating(), Clean(1, "All good here."));

        Assert.Equal(1L, summary.RowsPerOutput["sft"]);
        Assert.Equal(["backtrack"], (await ReadAsync<SftRow>("sft")).Select(r => r.Kind));
    }

    [Fact]
    public async Task RecoverAndAvoidPairsHaveExactContents()
    {
        await WriteAsync(new EmitOptions { Marker = "reset", DpoKinds = ["recover", "avoid"] }, Violating());

        var rows = await ReadAsync<DpoRow>("dpo");
        Assert.Equal(["recover", "avoid"], rows.Select(r => r.Kind));
        var recover = rows[0];
        AssertMessages([("system", "Be safe."), ("user", "Say something"), ("assistant", "Sure thing. You are a XXX")], recover.Prompt);
        AssertMessages([("assistant", "[RESET]" + Continuation)], recover.Chosen);
        AssertMessages([("assistant", " and more words.")], recover.Rejected);
        Assert.Equal(("[RESET]", "p1", 0), (recover.Marker, recover.PromptId, recover.SampleIndex));

        var avoid = rows[1];
        AssertMessages([("system", "Be safe."), ("user", "Say something"), ("assistant", "Sure thing. ")], avoid.Prompt);
        AssertMessages([("assistant", Continuation)], avoid.Chosen);
        AssertMessages([("assistant", "You are a XXX and more words.")], avoid.Rejected);
    }

    [Fact]
    public async Task EmptyRemainderSkipsRecoverAndEmptyPrefixDropsAssistantTurn()
    {
        var response = "You are a XXX";
        var plan = new RewindPlan("reset", 0, 13, "", response, "", 13, 13);

        var summary = await WriteAsync(new EmitOptions(), Violating(response: response, plan: plan));

        Assert.Equal(1L, summary.Skipped["recover:empty_remainder"]);
        var avoid = Assert.Single(await ReadAsync<DpoRow>("dpo"));
        Assert.Equal("avoid", avoid.Kind);
        AssertMessages([("system", "Be safe."), ("user", "Say something")], avoid.Prompt);
        AssertMessages([("assistant", response)], avoid.Rejected);
    }

    [Fact]
    public async Task CleanPairSplitsAtSeededWordBoundaryWithNeedlessMarker()
    {
        var response = "The weather is lovely today and the park is open.";
        var summary = await WriteAsync(new EmitOptions { CleanPairRate = 1 }, Clean(0, response), Clean(1, "Single"));

        Assert.Equal(1L, summary.DpoPairsByKind["clean"]);
        Assert.Equal(1L, summary.Skipped["clean:no_split_point"]);
        var pair = Assert.Single(await ReadAsync<DpoRow>("dpo"));
        Assert.Equal("clean", pair.Kind);
        var head = pair.Prompt[^1];
        Assert.Equal("assistant", head.Role);
        var tail = Assert.Single(pair.Chosen).Content;
        Assert.Equal(response, head.Content + tail);
        Assert.NotEqual(' ', tail[0]);
        Assert.EndsWith(" ", head.Content);
        var lastWord = head.Content.TrimEnd().Split(' ')[^1];
        Assert.Equal($"[BACKTRACK_BY_{System.Text.Encoding.UTF8.GetByteCount(lastWord)}]", Assert.Single(pair.Rejected).Content);
        Assert.Equal(pair.Rejected[0].Content, pair.Marker);

        // Same run seed, same split; the split is not always at the same place across samples.
        using var again = new TempFolder();
        await using (var writer = new DatasetWriter(again.Path, new EmitOptions { CleanPairRate = 1 }, 42, Utf8ByteTokenCounter.Instance))
        {
            await writer.WriteAsync(Clean(0, response), TestContext.Current.CancellationToken);
            await writer.CompleteAsync(TestContext.Current.CancellationToken);
        }
        var repeat = (await ParquetSerializer.DeserializeAsync<DpoRow>(Path.Combine(again.Path, "dpo", "part-00000.parquet"), cancellationToken: TestContext.Current.CancellationToken)).Data;
        Assert.Equal(tail, repeat[0].Chosen[0].Content);
    }

    [Fact]
    public async Task CleanPairRateSelectsAboutThatShareOfSamples()
    {
        var samples = Enumerable.Range(0, 200).Select(i => Clean(i, "One two three four five six.")).ToArray();

        var summary = await WriteAsync(new EmitOptions { CleanPairRate = 0.25 }, samples);

        Assert.InRange(summary.DpoPairsByKind["clean"], 30, 70);
        Assert.Equal(200L, summary.DpoPairsByKind["clean"] + summary.Skipped["clean:not_sampled"]);
    }

    [Fact]
    public async Task ConversationalColumnsAreListsOfRoleContentStructs()
    {
        await WriteAsync(new EmitOptions(), Violating());

        foreach (var (output, columns) in new[] { ("sft", new[] { "prompt", "completion" }), ("dpo", new[] { "prompt", "chosen", "rejected" }), ("samples", new[] { "prompt" }) })
        {
            await using var reader = await ParquetReader.CreateAsync(Path.Combine(_folder.Path, output, "part-00000.parquet"), cancellationToken: TestContext.Current.CancellationToken);
            foreach (var column in columns)
            {
                var list = Assert.IsType<ListField>(reader.Schema.Fields.Single(f => f.Name == column));
                var item = Assert.IsType<StructField>(list.Item);
                Assert.Equal(["role", "content"], item.Fields.Select(f => f.Name));
                Assert.All(item.Fields, f => Assert.Equal(typeof(string), ((DataField)f).ClrType == typeof(ReadOnlyMemory<char>) ? typeof(string) : ((DataField)f).ClrType));
            }
        }
    }

    [Fact]
    public async Task RejectsAreWrittenWithTheirFields()
    {
        await WriteAsync(new EmitOptions());

        var reject = Assert.Single(await ReadAsync<RejectRow>("rejects"));
        Assert.Equal(("synthesis", "unverified", "p2#0: still toxic after 4 attempts", "p2", 0, "prompts.jsonl", 4L),
            (reject.Stage, reject.Reason, reject.Message, reject.PromptId, reject.SampleIndex, reject.Source, reject.Line));
    }

    [Fact]
    public async Task DisposeWithoutCompleteLeavesNoParquetFiles()
    {
        var ct = TestContext.Current.CancellationToken;
        await using (var writer = new DatasetWriter(_folder.Path, new EmitOptions { RowGroupSize = 1 }, 42, Utf8ByteTokenCounter.Instance))
        {
            await writer.WriteAsync(Violating(), ct);
            await writer.WriteAsync(Clean(1, "All good here."), ct);
        }

        Assert.Empty(Directory.EnumerateFiles(_folder.Path, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public void InvalidOptionsAreRefusedWithTheKey()
    {
        var ex = Assert.Throws<ArgumentException>(() => new DatasetWriter(_folder.Path, new EmitOptions { DpoKinds = ["sideways"] }, 1, Utf8ByteTokenCounter.Instance));
        Assert.Contains("emit.dpo_kinds", ex.Message);
    }
}
