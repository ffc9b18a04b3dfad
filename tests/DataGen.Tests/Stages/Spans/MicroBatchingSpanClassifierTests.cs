using DataGen.Schemas;
using DataGen.Stages.Spans;
using Microsoft.Extensions.Logging.Abstractions;

namespace DataGen.Tests.Stages.Spans;

public sealed class MicroBatchingSpanClassifierTests
{
    private static MicroBatchingSpanClassifier Create(string model, int batchSize = 32, double maxWaitMs = 5, int? windowTokens = null, int overlap = 32, float? threshold = null)
        => SpanClassifierFactory.CreateMicroBatching(
            new ClassifierOptions { Model = model, Device = "cpu", BatchSize = batchSize, MaxWaitMs = maxWaitMs, WindowTokens = windowTokens, OverlapTokens = overlap, Threshold = threshold, IntraOpThreads = 1 },
            "/", NullLoggerFactory.Instance);

    [Fact]
    public async Task ScriptedReply_SpanIsExactlyTheXs()
    {
        await using var classifier = Create(ClassifierFixtures.Bytes);
        var p = await classifier.ClassifyAsync("you are XXXX, ok", TestContext.Current.CancellationToken);
        Assert.Equal([new ToxicSpan(8, 12, 0.99f)], p.Spans.Select(s => s with { Score = MathF.Round(s.Score, 4) }));
        Assert.Equal(0.99f, p.MaxScore, 1e-4f);
    }

    [Fact]
    public async Task EmptyText_IsClean_WithoutRunningTheModel()
    {
        await using var classifier = Create(ClassifierFixtures.Bytes);
        Assert.Same(SpanPrediction.Clean, await classifier.ClassifyAsync("", TestContext.Current.CancellationToken));
        Assert.Equal(0, classifier.BatchCount);
    }

    [Fact]
    public async Task XsSeparatedByACleanSpace_AreTwoSpans_MultiByteTextKeepsUtf16Offsets()
    {
        await using var classifier = Create(ClassifierFixtures.Bytes);
        var p = await classifier.ClassifyAsync("é\U0001F600XX XX", TestContext.Current.CancellationToken);
        Assert.Equal([(3, 5), (6, 8)], p.Spans.Select(s => (s.Start, s.End)));
    }

    [Fact]
    public async Task Threshold_FromOptionsOverridesTheDescriptor_SpanScoreIsMaxTokenScore()
    {
        const string text = "aZZ YXY b";
        await using (var byDescriptor = Create(ClassifierFixtures.Graded))
        {
            var p = await byDescriptor.ClassifyAsync(text, TestContext.Current.CancellationToken);
            Assert.Equal([(4, 7)], p.Spans.Select(s => (s.Start, s.End)));
            Assert.Equal(0.99f, p.Spans[0].Score, 1e-4f);
        }
        await using (var low = Create(ClassifierFixtures.Graded, threshold: 0.25f))
        {
            var p = await low.ClassifyAsync(text, TestContext.Current.CancellationToken);
            Assert.Equal([(1, 3), (4, 7)], p.Spans.Select(s => (s.Start, s.End)));
            Assert.Equal(0.3f, p.Spans[0].Score, 1e-4f);
        }
        await using (var high = Create(ClassifierFixtures.Graded, threshold: 0.995f))
        {
            var p = await high.ClassifyAsync(text, TestContext.Current.CancellationToken);
            Assert.False(p.IsToxic);
            Assert.Equal(0.99f, p.MaxScore, 1e-4f);
        }
    }

    [Fact]
    public async Task LongText_SpanBeyondTheFirstWindowAndAtAWindowSeam_AreFound()
    {
        // window 16 tokens = 14 content bytes, overlap 4: windows start at 0, 10, 20, ...; seams at 10..14, 20..24
        await using var classifier = Create(ClassifierFixtures.Bytes, windowTokens: 16, overlap: 4);
        var chars = new string('a', 100).ToCharArray();
        foreach (var i in new[] { 12, 13, 14, 15, 70 })
            chars[i] = 'X';
        var p = await classifier.ClassifyAsync(new string(chars), TestContext.Current.CancellationToken);
        Assert.Equal([(12, 16), (70, 71)], p.Spans.Select(s => (s.Start, s.End)));
        Assert.True(classifier.WindowCount >= 9, $"expected the text to be split into windows, got {classifier.WindowCount}");
    }

    [Fact]
    public async Task LongText_WordPieceAndBpe_FindSpansPastTheFirstWindow()
    {
        var text = string.Concat(Enumerable.Repeat("you are a nice friend ", 20)) + "xbad";
        await using (var wordPiece = Create(ClassifierFixtures.WordPiece, windowTokens: 16, overlap: 4))
        {
            var p = await wordPiece.ClassifyAsync(text, TestContext.Current.CancellationToken);
            Assert.Equal([(text.Length - 4, text.Length)], p.Spans.Select(s => (s.Start, s.End)));
        }
        await using (var bpe = Create(ClassifierFixtures.Bpe, windowTokens: 16, overlap: 4))
        {
            var full = "xbad " + text;
            var p = await bpe.ClassifyAsync(full, TestContext.Current.CancellationToken);
            // token "xbad" at the start, token " xbad" at the end (its leading space trimmed from the span)
            Assert.Equal([(0, 4), (full.Length - 4, full.Length)], p.Spans.Select(s => (s.Start, s.End)));
        }
    }

    [Fact]
    public async Task ManyConcurrentCallers_EachGetsItsOwnSpans_InFewerBatchesThanCallers()
    {
        await using var classifier = Create(ClassifierFixtures.Bytes, batchSize: 16, maxWaitMs: 50);
        var texts = Enumerable.Range(0, 64).Select(i => new string('a', i) + "XX" + new string('b', 63 - i)).ToArray();
        var results = await Task.WhenAll(texts.Select(t => Task.Run(() => classifier.ClassifyAsync(t, TestContext.Current.CancellationToken).AsTask())));
        for (var i = 0; i < texts.Length; i++)
            Assert.Equal([(i, i + 2)], results[i].Spans.Select(s => (s.Start, s.End)));
        Assert.InRange(classifier.BatchCount, 4, texts.Length - 1);
        Assert.Equal(texts.Length, classifier.WindowCount);
    }

    [Fact]
    public async Task OneCallerCancelled_OthersStillComplete()
    {
        await using var classifier = Create(ClassifierFixtures.Bytes, batchSize: 64, maxWaitMs: 200);
        using var cancel = new CancellationTokenSource();
        var doomed = classifier.ClassifyAsync("XX doomed", cancel.Token).AsTask();
        var others = Enumerable.Range(0, 8).Select(i => classifier.ClassifyAsync($"text {i} X", TestContext.Current.CancellationToken).AsTask()).ToArray();
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => doomed);
        var results = await Task.WhenAll(others);
        Assert.All(results, r => Assert.Single(r.Spans));
    }

    [Fact]
    public async Task Dispose_CompletesQueuedWork_ThenRefusesNewCalls()
    {
        var classifier = Create(ClassifierFixtures.Bytes, batchSize: 64, maxWaitMs: 1000);
        var pending = classifier.ClassifyAsync("queued X", TestContext.Current.CancellationToken).AsTask();
        await classifier.DisposeAsync();
        Assert.Single((await pending).Spans);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => classifier.ClassifyAsync("late", TestContext.Current.CancellationToken).AsTask());
    }

    [Fact]
    public async Task Identity_IsModelPathAndFileSha256()
    {
        await using var classifier = Create(ClassifierFixtures.Bytes);
        var path = Path.Combine(ClassifierFixtures.Bytes, "model.onnx");
        Assert.Equal(path, classifier.Identity.Path);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path))), classifier.Identity.Sha256);
        Assert.Equal("token-classifier", classifier.Identity.Kind);
    }
}
