using System.Text.Json.Nodes;
using DataGen.Stages.Llm;
using DataGen.Tests.Infrastructure;
using Microsoft.Extensions.AI;

namespace DataGen.Tests.Stages.Llm;

public sealed class OpenAiBackendProviderTests
{
    [Fact]
    public async Task Request_CarriesModelSeedTemperatureTopPMaxTokensStopAndTopK()
    {
        await using var server = FakeOpenAiServer.Start(_ => FakeReply.Text("fine, thanks"));
        using var client = TestBackends.OpenAi(server, model: "my-model");

        await client.GetResponseAsync("hello", new ChatOptions
        {
            Seed = 123456789012345,
            Temperature = 0.7f,
            TopP = 0.9f,
            TopK = 40,
            MaxOutputTokens = 77,
            StopSequences = ["\n\n", "END"],
        }, TestContext.Current.CancellationToken);

        var json = Assert.Single(server.Requests).Json;
        Assert.Equal("my-model", json["model"]!.GetValue<string>());
        Assert.Equal(123456789012345, json["seed"]!.GetValue<long>());
        Assert.Equal(0.7, json["temperature"]!.GetValue<double>(), 5);
        Assert.Equal(0.9, json["top_p"]!.GetValue<double>(), 5);
        Assert.Equal(40, json["top_k"]!.GetValue<int>());
        Assert.Equal(77, MaxTokens(json));
        Assert.Equal(["\n\n", "END"], json["stop"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.Equal("hello", server.Requests[0].LastUserText);
    }

    [Fact]
    public async Task Response_UsageModelAndFinishReasonReadBack()
    {
        await using var server = FakeOpenAiServer.Start(_ =>
            FakeReply.Text("a b c") with { PromptTokens = 11, CompletionTokens = 3, Model = "served-model", FinishReason = "length" });
        using var client = TestBackends.OpenAi(server);

        var response = await client.GetResponseAsync("hello", cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("a b c", response.Text);
        Assert.Equal(11, response.Usage?.InputTokenCount);
        Assert.Equal(3, response.Usage?.OutputTokenCount);
        Assert.Equal("served-model", response.ModelId);
        Assert.Equal(ChatFinishReason.Length, response.FinishReason);
        Assert.Equal(new DataGen.Schemas.TokenUsage(11, 3), Usage.From(response.Usage));
    }

    [Fact]
    public async Task ApiKey_FromEnvironmentSentAsBearer_NeverInLogsOrExceptions()
    {
        var variable = $"DATAGEN_TEST_KEY_{Guid.NewGuid():N}";
        var key = $"sk-secret-{Guid.NewGuid():N}";
        Environment.SetEnvironmentVariable(variable, key);
        try
        {
            await using var server = FakeOpenAiServer.Start(r => r.LastUserText == "fail" ? FakeReply.Status(500) : FakeReply.Text("ok"));
            var logs = new CapturingLoggerFactory();
            var options = TestBackends.OpenAiOptions(server);
            options.ApiKeyEnv = variable;
            options.MaxRetries = 1; // the retry of the failing request is logged too
            using var client = new ChatBackendRegistry().Create("remote", options, TestBackends.Context(logs));

            await client.GetResponseAsync("hello", cancellationToken: TestContext.Current.CancellationToken);
            var failure = await Assert.ThrowsAnyAsync<Exception>(() => client.GetResponseAsync("fail", cancellationToken: TestContext.Current.CancellationToken));

            Assert.All(server.Requests, r => Assert.Equal($"Bearer {key}", r.Authorization));
            Assert.NotEmpty(logs.Lines);
            Assert.DoesNotContain(logs.Lines, l => l.Contains(key, StringComparison.Ordinal));
            Assert.DoesNotContain(key, failure.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain(key, LlmFailure.Describe(failure), StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Fact]
    public void ApiKeyEnv_MissingVariable_ErrorNamesKeyAndVariable()
    {
        var variable = $"DATAGEN_TEST_MISSING_{Guid.NewGuid():N}";
        var options = new BackendOptions { Type = "openai", BaseUrl = "http://127.0.0.1:9/v1", Model = "m", ApiKeyEnv = variable };

        var error = Assert.Throws<InvalidOperationException>(() => new OpenAiBackendProvider().Create("remote", options, TestBackends.Context()));

        Assert.Contains("backends.remote.api_key_env", error.Message, StringComparison.Ordinal);
        Assert.Contains(variable, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApiKeyEnv_Absent_SendsPlaceholderKey()
    {
        await using var server = FakeOpenAiServer.Start(_ => FakeReply.Text("ok"));
        using var client = TestBackends.OpenAi(server);

        await client.GetResponseAsync("hello", cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal($"Bearer {OpenAiBackendProvider.PlaceholderApiKey}", Assert.Single(server.Requests).Authorization);
    }

    [Fact]
    public async Task Streaming_ReturnsTheWholeTextAndUsage()
    {
        await using var server = FakeOpenAiServer.Start(_ => FakeReply.Text("one two three") with { PromptTokens = 5, CompletionTokens = 3 });
        using var client = TestBackends.OpenAi(server);

        var response = await client.GetStreamingResponseAsync("hello", cancellationToken: TestContext.Current.CancellationToken)
            .ToChatResponseAsync(TestContext.Current.CancellationToken);

        Assert.True(Assert.Single(server.Requests).Stream);
        Assert.Equal("one two three", response.Text);
        Assert.Equal(5, response.Usage?.InputTokenCount);
        Assert.Equal(3, response.Usage?.OutputTokenCount);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task AssistantPrefill_SendsContinueFinalMessageOnlyWhenEnabled(bool enabled)
    {
        await using var server = FakeOpenAiServer.Start(_ => FakeReply.Text(" went on"));
        var options = TestBackends.OpenAiOptions(server);
        options.ContinueFinalMessage = enabled;
        using var client = new ChatBackendRegistry().Create("vllm", options, TestBackends.Context());

        await client.GetResponseAsync([new ChatMessage(ChatRole.User, "q"), new ChatMessage(ChatRole.Assistant, "It")],
            cancellationToken: TestContext.Current.CancellationToken);
        await client.GetResponseAsync("plain", cancellationToken: TestContext.Current.CancellationToken);

        var prefilled = server.Requests[0].Json;
        Assert.Equal(enabled, prefilled["continue_final_message"]?.GetValue<bool>() ?? false);
        Assert.Equal(enabled ? false : null, prefilled["add_generation_prompt"]?.GetValue<bool>());
        Assert.Null(server.Requests[1].Json["continue_final_message"]);
        Assert.Equal(("assistant", "It"), server.Requests[0].Messages[^1]);
    }

    // The SDK sends max_completion_tokens (the current OpenAI name); older servers read max_tokens.
    private static int MaxTokens(JsonObject json) =>
        (json["max_completion_tokens"] ?? json["max_tokens"])!.GetValue<int>();
}
