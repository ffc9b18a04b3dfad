using DataGen.Schemas;
using DataGen.Stages;
using DataGen.Stages.Sampling;
using DataGen.Tests.Infrastructure;

namespace DataGen.Tests.Stages.Sampling;

public sealed class SamplingStageTests
{
    private static readonly PromptRecord Prompt = new("p1", [new ChatTurn(ChatTurn.User, "The weather today is")], "demo.jsonl", 1, 0);

    [Fact]
    public async Task NSamples_DistinctDeterministicSeeds_SentToServer()
    {
        await using var server = FakeOpenAiServer.Start(r => FakeReply.Text($"reply for seed {r.Seed}"));
        using var client = TestBackends.OpenAi(server);
        var options = new SamplingOptions { Backend = "test", SamplesPerPrompt = 4, Temperature = 0.9f, TopP = 0.8f, MaxTokens = 50, Stop = ["\n"] };
        var stage = new SamplingStage(options, client, "test", runSeed: 7, template: null);

        var samples = await RunAsync(stage, options.SamplesPerPrompt);

        Assert.Equal([0, 1, 2, 3], samples.Select(s => s.SampleIndex).Order());
        Assert.Equal(4, samples.Select(s => s.Seed).Distinct().Count());
        Assert.All(samples, s => Assert.Equal(SeedDeriver.Derive(7, "p1", s.SampleIndex, "sample"), s.Seed));
        Assert.All(samples, s => Assert.Equal($"reply for seed {s.Seed}", s.Response));
        Assert.Equal(samples.Select(s => s.Seed).Order(), server.Requests.Select(r => r.Seed!.Value).Order());
        Assert.All(server.Requests, r => Assert.Equal(0.9, r.Json["temperature"]!.GetValue<double>(), 5));
        Assert.All(server.Requests, r => Assert.Equal("\n", r.Json["stop"]![0]!.GetValue<string>()));
    }

    [Fact]
    public async Task Sample_CarriesUsageModelFinishReasonBackend()
    {
        await using var server = FakeOpenAiServer.Start(_ =>
            FakeReply.Text("sunny and warm") with { PromptTokens = 9, CompletionTokens = 4, FinishReason = "length", Model = "served-7b" });
        using var client = TestBackends.OpenAi(server);
        var stage = new SamplingStage(new SamplingOptions { Backend = "vllm" }, client, "vllm", 1, null);

        var sample = Assert.Single(await stage.ProcessAsync(new SampleRequest(Prompt, 0), TestContext.Current.CancellationToken)
            .ToListAsync(TestContext.Current.CancellationToken));

        Assert.Equal(new TokenUsage(9, 4), sample.Usage);
        Assert.Equal("served-7b", sample.Model);
        Assert.Equal("length", sample.FinishReason);
        Assert.Equal("vllm", sample.Backend);
        Assert.Equal("sunny and warm", sample.Response);
    }

    [Fact]
    public async Task OneSampleFails_OnlyThatSampleRejected_OthersSurvive()
    {
        var failingSeed = SeedDeriver.Derive(3, "p1", 1, "sample");
        await using var server = FakeOpenAiServer.Start(r => r.Seed == failingSeed ? FakeReply.Status(500) : FakeReply.Text("fine"));
        using var client = TestBackends.OpenAi(server);
        var options = new SamplingOptions { Backend = "test", SamplesPerPrompt = 3 };
        var stage = new SamplingStage(options, client, "test", 3, null);

        var samples = new List<Sample>();
        var rejects = new List<(int Index, RowRejectedException Error)>();
        await foreach (var request in new SampleFanOut(3).ProcessAsync(Prompt, TestContext.Current.CancellationToken))
        {
            try
            {
                samples.AddRange(await stage.ProcessAsync(request, TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken));
            }
            catch (RowRejectedException ex)
            {
                rejects.Add((request.SampleIndex, ex));
            }
        }

        Assert.Equal([0, 2], samples.Select(s => s.SampleIndex));
        var reject = Assert.Single(rejects);
        Assert.Equal(1, reject.Index);
        Assert.Equal("llm_error", reject.Error.Reason);
        Assert.Contains("p1#1", reject.Error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', reject.Error.Message);
    }

    [Fact]
    public async Task CallerCancellation_IsNotRecordedAsLlmError()
    {
        await using var server = FakeOpenAiServer.Start(_ => FakeReply.Text("slow") with { Delay = TimeSpan.FromSeconds(5) });
        using var client = TestBackends.OpenAi(server);
        var stage = new SamplingStage(new SamplingOptions { Backend = "test" }, client, "test", 1, null);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        stop.CancelAfter(TimeSpan.FromMilliseconds(200));

        var error = await Assert.ThrowsAnyAsync<Exception>(() => stage.ProcessAsync(new SampleRequest(Prompt, 0), stop.Token).ToListAsync(stop.Token).AsTask());

        Assert.IsAssignableFrom<OperationCanceledException>(error);
    }

    [Fact]
    public async Task Template_WrapsLastUserText()
    {
        await using var server = FakeOpenAiServer.Start(_ => FakeReply.Text("going to rain"));
        using var client = TestBackends.OpenAi(server);
        var template = PromptTemplate.Load(RepositoryPaths.File("prompts", "templates", "sample-instruct.md"));
        var stage = new SamplingStage(new SamplingOptions { Backend = "test" }, client, "test", 1, template);

        await stage.ProcessAsync(new SampleRequest(Prompt, 0), TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken);

        var request = Assert.Single(server.Requests);
        Assert.Equal("system", request.Messages[0].Role);
        Assert.Contains("Continue this text", request.LastUserText, StringComparison.Ordinal);
        Assert.EndsWith("The weather today is", request.LastUserText, StringComparison.Ordinal);
    }

    [Fact]
    public void Template_WithPlaceholderSamplingCannotFill_Rejected()
    {
        var template = PromptTemplate.Parse("bad.md", "### user\n{{prefix}}\n");
        using var client = new Microsoft.Extensions.AI.ChatClientBuilder(new DataGen.Stages.Llm.OllamaBackendProvider()
            .Create("x", new DataGen.Stages.Llm.BackendOptions { Type = "ollama", BaseUrl = "http://127.0.0.1:9", Model = "m" }, TestBackends.Context())).Build();

        Assert.Throws<FormatException>(() => new SamplingStage(new SamplingOptions { Backend = "x" }, client, "x", 1, template));
    }

    private static async Task<List<Sample>> RunAsync(SamplingStage stage, int samplesPerPrompt)
    {
        var ct = TestContext.Current.CancellationToken;
        var requests = await new SampleFanOut(samplesPerPrompt).ProcessAsync(Prompt, ct).ToListAsync(ct);
        var results = await Task.WhenAll(requests.Select(r => stage.ProcessAsync(r, ct).ToListAsync(ct).AsTask()));
        return results.SelectMany(r => r).ToList();
    }
}
