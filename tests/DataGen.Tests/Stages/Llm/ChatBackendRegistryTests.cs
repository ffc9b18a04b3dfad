using DataGen.Stages.Llm;
using DataGen.Stages.Llm.Resilience;
using DataGen.Tests.Infrastructure;
using Microsoft.Extensions.AI;

namespace DataGen.Tests.Stages.Llm;

public sealed class ChatBackendRegistryTests
{
    [Fact]
    public void UnknownType_ErrorNamesKeyAndKnownTypes()
    {
        var options = new BackendOptions { Type = "gpt-magic", BaseUrl = "http://127.0.0.1:9/v1", Model = "m" };

        var error = Assert.Throws<InvalidOperationException>(() => new ChatBackendRegistry().Create("main", options, TestBackends.Context()));

        Assert.Contains("backends.main.type", error.Message, StringComparison.Ordinal);
        Assert.Contains("gpt-magic", error.Message, StringComparison.Ordinal);
        Assert.Contains("ollama, openai", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RegisteredProvider_IsUsedForItsType_AndWrappedInMiddleware()
    {
        var provider = new RecordingProvider();
        var registry = new ChatBackendRegistry().Register(provider);
        var options = new BackendOptions { Type = "onnx", Path = "models/lm", MaxConcurrency = 3, TimeoutSeconds = 7 };

        using var client = registry.Create("local", options, TestBackends.Context());

        Assert.Equal("local", provider.CreatedName);
        Assert.Contains("onnx", registry.KnownTypes);
        Assert.Equal(3, client.GetService<AdaptiveConcurrencyLimiter>()?.MaxLimit);
        Assert.Equal(TimeSpan.FromSeconds(7), client.GetService<TimeoutChatClient>()?.Timeout);
    }

    [Fact]
    public void InvalidCommonOption_ErrorNamesKey()
    {
        var options = new BackendOptions { Type = "openai", BaseUrl = "http://127.0.0.1:9/v1", Model = "m", MaxConcurrency = 0 };

        var error = Assert.Throws<InvalidOperationException>(() => new ChatBackendRegistry().Create("main", options, TestBackends.Context()));

        Assert.Contains("backends.main.max_concurrency", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SlowServer_FailsWithTimeoutException()
    {
        await using var server = FakeOpenAiServer.Start(_ => FakeReply.Text("late") with { Delay = TimeSpan.FromSeconds(5) });
        var options = TestBackends.OpenAiOptions(server);
        options.TimeoutSeconds = 0.3;
        using var client = new ChatBackendRegistry().Create("slow", options, TestBackends.Context());

        await Assert.ThrowsAsync<TimeoutException>(() => client.GetResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken));
    }

    private sealed class RecordingProvider : IChatBackendProvider
    {
        public string? CreatedName { get; private set; }

        public string Type => "onnx";

        public IChatClient Create(string name, BackendOptions options, BackendContext context)
        {
            CreatedName = name;
            return new EchoChatClient();
        }
    }

    // A leaf client for checking the registry's wiring only; no request is sent through it.
    private sealed class EchoChatClient : IChatClient
    {
        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "echo")));

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => serviceType.IsInstanceOfType(this) ? this : null;

        public void Dispose()
        {
        }
    }
}
