using DataGen.Stages.Llm.Resilience;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using OllamaSharp;

namespace DataGen.Stages.Llm;

/// <summary>type: ollama - an Ollama server through OllamaSharp, whose OllamaApiClient is an IChatClient.</summary>
public sealed class OllamaBackendProvider : IChatBackendProvider
{
    public string Type => "ollama";

    public IChatClient Create(string name, BackendOptions options, BackendContext context)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        var keyPath = $"backends.{name}";
        if (string.IsNullOrWhiteSpace(options.Model))
            throw new InvalidOperationException($"{keyPath}.model: required for type ollama");
        if (!Uri.TryCreate(options.BaseUrl, UriKind.Absolute, out var endpoint))
            throw new InvalidOperationException(
                $"{keyPath}.base_url: required for type ollama; give an absolute URL such as http://127.0.0.1:11434");

        // Retries, try and total timeouts live in the resilient HttpClient (docs/resilience.md).
        var meter = (context.Meters ?? new BackendMeters()).For(name, options);
        var http = ResilientHttpClientFactory.Create(RetrySettings.From(options), meter, context.LoggerFactory.CreateLogger("DataGen.Llm"), endpoint);
        LlmLog.BackendCreated(context.LoggerFactory, name, Type, endpoint.GetLeftPart(UriPartial.Path), options.Model);
        return new OllamaApiClient(http, options.Model);
    }
}
