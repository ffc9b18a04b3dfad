using DataGen.Schemas;
using DataGen.Stages;
using DataGen.Stages.Rewind;
using DataGen.Stages.Spans;
using DataGen.Stages.Tokenization;

namespace DataGen.Tests.Stages.Rewind;

public sealed class RewindStageTests
{
    private static ScoredSample Scored(string response, IReadOnlyList<ToxicSpan>? spans = null)
    {
        spans ??= XRunClassifier.Find(response);
        var prompt = new PromptRecord("p", [new ChatTurn("user", "q")], "f.jsonl", 1, 0);
        var sample = new Sample(prompt, 0, response, "b", "m", 1, TokenUsage.Zero, "stop");
        return new ScoredSample(sample, spans, spans.Count == 0 ? 0 : 0.9f);
    }

    private static async Task<RewindPlan?> PlanAsync(string response, string policy, int tokens = 8, ISpanClassifier? classifier = null, IReadOnlyList<ToxicSpan>? spans = null)
    {
        var stage = new RewindStage(new RewindOptions { Policy = policy, Tokens = tokens }, classifier ?? new XRunClassifier(), Utf8ByteTokenCounter.Instance);
        var results = new List<PlannedSample>();
        await foreach (var planned in stage.ProcessAsync(Scored(response, spans), TestContext.Current.CancellationToken))
            results.Add(planned);
        var only = Assert.Single(results);
        if (only.Plan is { } plan)
        {
            Assert.Equal(response, plan.Prefix + plan.Violation + plan.Remainder);
            Assert.Equal(plan.Violation.Length, plan.BacktrackChars);
            Assert.Equal(System.Text.Encoding.UTF8.GetByteCount(plan.Violation), plan.BacktrackTokens);
            Assert.Equal(policy, plan.Policy);
            Assert.Empty(XRunClassifier.Find(plan.Prefix));
        }
        return only.Plan;
    }

    [Fact]
    public async Task SampleWithoutSpansPassesThroughWithoutPlan()
    {
        var classifier = new XRunClassifier();
        Assert.Null(await PlanAsync("A perfectly fine answer.", "sentence", classifier: classifier));
        Assert.Null(await PlanAsync("", "tokens"));
        Assert.Empty(classifier.Calls);
    }

    [Fact]
    public async Task Sentence_RewindsToLastClauseBoundaryAndExtendsToWordEnd()
    {
        var plan = await PlanAsync("Nice day today. Then he said aXXXb loudly.", "sentence");

        Assert.Equal("Nice day today. ", plan!.Prefix);
        Assert.Equal("Then he said aXXXb", plan.Violation);
        Assert.Equal(" loudly.", plan.Remainder);
    }

    [Fact]
    public async Task Sentence_ClauseMarksCountButNotDecimalPoints()
    {
        Assert.Equal("Well, ", (await PlanAsync("Well, it costs 3.50 XXX", "sentence"))!.Prefix);
        Assert.Equal("first\n", (await PlanAsync("first\nsecond XXX", "sentence"))!.Prefix);
        Assert.Equal("fine—", (await PlanAsync("fine—then XXX", "sentence"))!.Prefix);
        Assert.Equal("", (await PlanAsync("no boundary here XXX", "sentence"))!.Prefix);
    }

    [Fact]
    public async Task Reset_AlwaysRewindsToStartWithoutClassifying()
    {
        var classifier = new XRunClassifier();
        var plan = await PlanAsync("Hello there. You XXX and more", "reset", classifier: classifier);

        Assert.Equal("", plan!.Prefix);
        Assert.Equal("Hello there. You XXX", plan.Violation);
        Assert.Empty(classifier.Calls);
    }

    [Fact]
    public async Task Tokens_WalksBackKTokensSnappedToWordStart()
    {
        // 8 byte-tokens before "XXX": "you " (4) is too few, "tell you " (9) is enough.
        var plan = await PlanAsync("I will tell you XXX now", "tokens", tokens: 8);

        Assert.Equal("I will ", plan!.Prefix);
        Assert.Equal("tell you XXX", plan.Violation);
        Assert.Equal(" now", plan.Remainder);
        Assert.Equal(12, plan.BacktrackTokens);
    }

    [Fact]
    public async Task Tokens_NeverCutsInsideAWordEvenForOneToken()
    {
        var plan = await PlanAsync("The word abcdefXXX ends", "tokens", tokens: 1);

        Assert.Equal("The ", plan!.Prefix);
        Assert.Equal("word abcdefXXX", plan.Violation);
    }

    [Fact]
    public async Task SpanAtPositionZeroGivesEmptyPrefix()
    {
        foreach (var policy in new[] { "reset", "sentence", "tokens" })
        {
            var plan = await PlanAsync("XXX is how it starts.", policy);
            Assert.Equal("", plan!.Prefix);
            Assert.Equal("XXX", plan.Violation);
            Assert.Equal(0, plan.RewindChar);
        }
    }

    [Fact]
    public async Task TouchingAndOverlappingSpansAreMergedIntoTheViolation()
    {
        var spans = new[] { new ToxicSpan(10, 13, 0.9f), new ToxicSpan(13, 16, 0.8f), new ToxicSpan(15, 18, 0.7f), new ToxicSpan(24, 26, 0.9f) };
        var plan = await PlanAsync("All good. abcdefghi more ab end", "sentence", spans: spans);

        Assert.Equal("All good. ", plan!.Prefix);
        Assert.Equal("abcdefghi", plan.Violation);
        Assert.Equal(19, plan.ViolationEnd);
        Assert.Equal(" more ab end", plan.Remainder);
    }

    [Fact]
    public async Task ToxicPrefixMovesRewindEarlierUntilClean()
    {
        // The given span starts late and the prefix before it still holds XX: the rewind must move before it.
        var response = "Start. Then XX again. Later bad word here.";
        var late = response.IndexOf("bad", StringComparison.Ordinal);
        var classifier = new XRunClassifier();
        var plan = await PlanAsync(response, "sentence", classifier: classifier, spans: [new ToxicSpan(late, late + 3, 0.9f)]);

        Assert.Equal("Start. ", plan!.Prefix);
        Assert.Equal("Then XX again. Later bad", plan.Violation);
        Assert.Equal(["Start. Then XX again. ", "Start. "], classifier.Calls);
    }

    [Fact]
    public async Task ToxicPrefixWithoutEarlierBoundaryFallsBackToEmpty()
    {
        var response = "XX then fine words and bad.";
        var late = response.IndexOf("bad", StringComparison.Ordinal);
        var plan = await PlanAsync(response, "tokens", tokens: 4, spans: [new ToxicSpan(late, late + 3, 0.9f)]);

        Assert.Equal("", plan!.Prefix);
        Assert.Equal("XX then fine words and bad", plan.Violation);
    }

    [Fact]
    public async Task WhitespaceOnlyPrefixCollapsesToEmpty()
    {
        var plan = await PlanAsync("   \n  XXX rest", "sentence");

        Assert.Equal("", plan!.Prefix);
        Assert.Equal("   \n  XXX", plan.Violation);
    }

    [Fact]
    public async Task UnicodeTextNeverSplitsWordsSurrogatesOrCombiningSequences()
    {
        var accented = await PlanAsync("Café crème. Très e\u0301XXX fin", "sentence");
        Assert.Equal("Café crème. ", accented!.Prefix);
        Assert.Equal("Très e\u0301XXX", accented.Violation);

        // Span starts inside a combining sequence and inside a surrogate pair: both snap outward.
        var emoji = "Hi 👍🏽 there 👨‍👩‍👧 ok";
        var family = emoji.IndexOf("👨", StringComparison.Ordinal);
        var plan = await PlanAsync(emoji, "tokens", tokens: 1, spans: [new ToxicSpan(family + 1, family + 3, 0.9f)]);
        Assert.Equal("Hi 👍🏽 ", plan!.Prefix);
        Assert.Equal("there 👨‍👩‍👧", plan.Violation);

        var modifier = emoji.IndexOf("👍", StringComparison.Ordinal);
        var skin = await PlanAsync(emoji, "reset", spans: [new ToxicSpan(modifier + 2, modifier + 3, 0.9f)]);
        Assert.Equal("Hi 👍🏽", skin!.Violation);

        // CJK has no spaces: the word runs to the punctuation, and 。 is a clause boundary.
        var cjk = await PlanAsync("你好。我们XXX走吧，好", "sentence");
        Assert.Equal("你好。", cjk!.Prefix);
        Assert.Equal("我们XXX走吧", cjk.Violation);
        Assert.Equal("，好", cjk.Remainder);
        Assert.Equal(System.Text.Encoding.UTF8.GetByteCount("我们XXX走吧"), cjk.BacktrackTokens);
    }

    [Fact]
    public async Task SpanLateInALongTextKeepsTheLongCleanPrefix()
    {
        var clean = string.Concat(Enumerable.Repeat("This sentence is fine. ", 400));
        var plan = await PlanAsync(clean + "Now XXX.", "sentence");

        Assert.Equal(clean, plan!.Prefix);
        Assert.Equal("Now XXX", plan.Violation);
        Assert.Equal(".", plan.Remainder);
    }

    [Fact]
    public async Task SpanOutsideTheResponseIsRejected()
    {
        var ex = await Assert.ThrowsAsync<RowRejectedException>(() => PlanAsync("short", "sentence", spans: [new ToxicSpan(3, 40, 0.9f)]));
        Assert.Equal("invalid_span", ex.Reason);
    }
}
