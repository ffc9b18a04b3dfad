using DataGen.Stages.Llm;
using DataGen.Tests.Infrastructure;
using Microsoft.Extensions.AI;

namespace DataGen.Tests.Stages.Llm;

public sealed class OllamaBackendProviderTests
{
    [Fact]
    public void Create_ClientReportsConfiguredModelAndEndpoint()
    {
        var options = new BackendOptions { Type = "ollama", BaseUrl = "http://127.0.0.1:11434", Model = "llama3.2:1b" };

        using var client = new ChatBackendRegistry().Create("local", options, TestBackends.Context());

        var metadata = client.GetService<ChatClientMetadata>();
        Assert.Equal("llama3.2:1b", metadata?.DefaultModelId);
        Assert.Equal(new Uri("http://127.0.0.1:11434"), metadata?.ProviderUri);
    }

    [Fact]
    public void Create_WithoutModel_ErrorNamesKey()
    {
        var options = new BackendOptions { Type = "ollama", BaseUrl = "http://127.0.0.1:11434" };

        var error = Assert.Throws<InvalidOperationException>(() => new OllamaBackendProvider().Create("local", options, TestBackends.Context()));

        Assert.Contains("backends.local.model", error.Message, StringComparison.Ordinal);
    }
}
