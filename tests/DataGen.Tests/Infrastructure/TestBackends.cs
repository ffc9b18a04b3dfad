using DataGen.Stages.Llm;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DataGen.Tests.Infrastructure;

/// <summary>Builds a real openai backend (registry + middleware) pointed at a fake server.</summary>
public static class TestBackends
{
    public static BackendOptions OpenAiOptions(FakeOpenAiServer server, string model = "test-model") => new()
    {
        Type = "openai",
        BaseUrl = server.BaseUrl.ToString(),
        Model = model,
        MaxRetries = 0,
        TimeoutSeconds = 30,
    };

    public static IChatClient OpenAi(FakeOpenAiServer server, string model = "test-model", ILoggerFactory? loggerFactory = null) =>
        new ChatBackendRegistry().Create("test", OpenAiOptions(server, model), Context(loggerFactory));

    public static BackendContext Context(ILoggerFactory? loggerFactory = null) =>
        new(AppContext.BaseDirectory, loggerFactory ?? NullLoggerFactory.Instance);
}
