using DataGen.Schemas;
using DataGen.Stages;
using DataGen.Stages.Synthesis;
using DataGen.Tests.Infrastructure;

namespace DataGen.Tests.Stages.Synthesis;

public sealed class SynthesisStageTests
{
    private const string Prefix = "Honestly the match was";
    private static readonly PromptRecord Prompt = new("p9", [new ChatTurn(ChatTurn.User, "Tell me about the match")], "demo.jsonl", 4, 3);

    [Fact]
    public async Task FirstAttemptToxic_SecondClean_AttemptsTwo()
    {
        var toxicSeed = SeedDeriver.Derive(5, "p9", 2, "synthesis", 0);
        await using var server = FakeOpenAiServer.Start(r =>
            r.Seed == toxicSeed ? FakeReply.Text("XXXX awful") with { CompletionTokens = 2 } : FakeReply.Text("a close game.") with { CompletionTokens = 3 });
        using var client = TestBackends.OpenAi(server);
        var classifier = new XRunSpanClassifier();
        var stage = CreateStage(client, classifier, "synthesis-instruct.md", maxAttempts: 4);

        var finished = Assert.Single(await RunAsync(stage, Planned()));

        var correction = Assert.IsType<Correction>(finished.Correction);
        Assert.Equal(2, correction.Attempts);
        Assert.Equal(" a close game.", correction.Continuation);
        Assert.Equal(SeedDeriver.Derive(5, "p9", 2, "synthesis", 1), correction.Seed);
        Assert.Equal(5, correction.Usage.OutputTokens);
        Assert.Equal(XRunSpanClassifier.CleanScore, correction.MaxScore);
        Assert.Equal("test", correction.Backend);
        Assert.Equal(2, server.Requests.Count);
        Assert.Equal(2, classifier.Calls);
        Assert.Contains(Prefix, server.Requests[0].LastUserText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NeverClean_RejectedUnverifiedWithAttemptsAndScore()
    {
        await using var server = FakeOpenAiServer.Start(_ => FakeReply.Text("XXX again"));
        using var client = TestBackends.OpenAi(server);
        var stage = CreateStage(client, new XRunSpanClassifier(), "synthesis-instruct.md", maxAttempts: 3);

        var error = await Assert.ThrowsAsync<RowRejectedException>(() => RunAsync(stage, Planned()));

        Assert.Equal("synthesis_unverified", error.Reason);
        Assert.Contains("after 3 attempts", error.Message, StringComparison.Ordinal);
        Assert.Contains("last max score 0.900", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, server.Requests.Select(r => r.Seed).Distinct().Count());
    }

    [Fact]
    public async Task EveryAttemptLlmFailure_RejectedLlmError()
    {
        await using var server = FakeOpenAiServer.Start(_ => FakeReply.Status(500));
        using var client = TestBackends.OpenAi(server);
        var stage = CreateStage(client, new XRunSpanClassifier(), "synthesis-instruct.md", maxAttempts: 2);

        var error = await Assert.ThrowsAsync<RowRejectedException>(() => RunAsync(stage, Planned()));

        Assert.Equal("llm_error", error.Reason);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task EchoedPrefix_StrippedFromContinuation()
    {
        await using var server = FakeOpenAiServer.Start(_ => FakeReply.Text($"{Prefix} a fair result overall.\n"));
        using var client = TestBackends.OpenAi(server);
        var stage = CreateStage(client, new XRunSpanClassifier(), "synthesis-instruct.md", maxAttempts: 1);

        var finished = Assert.Single(await RunAsync(stage, Planned()));

        Assert.Equal(" a fair result overall.", finished.Correction?.Continuation);
        Assert.Equal(1, finished.Correction?.Attempts);
    }

    [Fact]
    public async Task ToxicSpanInsidePrefixOnly_DoesNotFailVerification()
    {
        // Only spans reaching into the continuation count; the kept prefix was judged by the rewind planner.
        await using var server = FakeOpenAiServer.Start(_ => FakeReply.Text("calm now."));
        using var client = TestBackends.OpenAi(server);
        var stage = CreateStage(client, new XRunSpanClassifier(), "synthesis-instruct.md", maxAttempts: 1);

        var finished = Assert.Single(await RunAsync(stage, Planned(prefix: "It was XX but")));

        Assert.Equal(" calm now.", finished.Correction?.Continuation);
    }

    [Fact]
    public async Task CompletionTemplate_SendsPrefixAsAssistantPrefill()
    {
        await using var server = FakeOpenAiServer.Start(_ => FakeReply.Text(" quite even."));
        using var client = TestBackends.OpenAi(server);
        var stage = CreateStage(client, new XRunSpanClassifier(), "synthesis-completion.md", maxAttempts: 1);

        var finished = Assert.Single(await RunAsync(stage, Planned()));

        var request = Assert.Single(server.Requests);
        Assert.Equal(("assistant", Prefix), request.Messages[^1]);
        Assert.Equal("Tell me about the match", request.LastUserText);
        Assert.Equal(" quite even.", finished.Correction?.Continuation);
    }

    [Fact]
    public async Task NoPlan_PassesThroughWithoutRequest()
    {
        await using var server = FakeOpenAiServer.Start(_ => FakeReply.Text("unused"));
        using var client = TestBackends.OpenAi(server);
        var stage = CreateStage(client, new XRunSpanClassifier(), "synthesis-instruct.md", maxAttempts: 1);
        var planned = new PlannedSample(Planned().Scored, null);

        var finished = Assert.Single(await RunAsync(stage, planned));

        Assert.Null(finished.Correction);
        Assert.Empty(server.Requests);
    }

    private static SynthesisStage CreateStage(Microsoft.Extensions.AI.IChatClient client, XRunSpanClassifier classifier, string template, int maxAttempts) =>
        new(new SynthesisOptions { Backend = "test", MaxAttempts = maxAttempts },
            client, "test", PromptTemplate.Load(RepositoryPaths.File("prompts", "templates", template)), classifier, runSeed: 5);

    private static PlannedSample Planned(string prefix = Prefix)
    {
        const string violation = " XXXX";
        const string remainder = " and so on.";
        var response = prefix + violation + remainder;
        var sample = new Sample(Prompt, 2, response, "sampler", "m", 1, TokenUsage.Zero, "stop");
        var scored = new ScoredSample(sample, [new ToxicSpan(prefix.Length + 1, prefix.Length + 5, 0.9f)], 0.9f);
        var plan = new RewindPlan("word", prefix.Length, prefix.Length + violation.Length, prefix, violation, remainder, violation.Length, 2);
        return new PlannedSample(scored, plan);
    }

    private static async Task<List<FinishedSample>> RunAsync(SynthesisStage stage, PlannedSample input) =>
        await stage.ProcessAsync(input, TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken);
}
