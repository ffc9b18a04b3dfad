using System.ClientModel;
using System.ClientModel.Primitives;
using DataGen.Stages.Llm.Resilience;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using OpenAI;
using OpenAiChatClient = OpenAI.Chat.ChatClient;

namespace DataGen.Stages.Llm;

/// <summary>type: openai - any server speaking the OpenAI chat completions protocol (OpenAI, vLLM, llama.cpp server).</summary>
public sealed class OpenAiBackendProvider : IChatBackendProvider
{
    /// <summary>Sent when no api_key_env is configured: local servers ignore the key but the SDK requires one.</summary>
    public const string PlaceholderApiKey = "unused";

    public string Type => "openai";

    public IChatClient Create(string name, BackendOptions options, BackendContext context)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        var keyPath = $"backends.{name}";
        if (string.IsNullOrWhiteSpace(options.Model))
            throw new InvalidOperationException($"{keyPath}.model: required for type openai");
        if (!Uri.TryCreate(options.BaseUrl, UriKind.Absolute, out var endpoint))
            throw new InvalidOperationException(
                $"{keyPath}.base_url: required for type openai; give an absolute URL such as http://127.0.0.1:8000/v1");

        // Retries and timeouts live in the resilient HttpClient; the SDK's own retry policy is off so tries are not multiplied.
        var settings = RetrySettings.From(options);
        var meter = (context.Meters ?? new BackendMeters()).For(name, options);
        var http = ResilientHttpClientFactory.Create(settings, meter, context.LoggerFactory.CreateLogger("DataGen.Llm"));
        var clientOptions = new OpenAIClientOptions
        {
            Endpoint = endpoint,
            Transport = new HttpClientPipelineTransport(http),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = settings.TotalTimeout + TimeSpan.FromSeconds(10),
            // Retries are logged; per-request lines (thousands per run) and bodies (offensive text) are not.
            ClientLoggingOptions = new ClientLoggingOptions
            {
                LoggerFactory = context.LoggerFactory,
                EnableMessageLogging = false,
                EnableMessageContentLogging = false,
            },
        };
        var chat = new OpenAiChatClient(options.Model, new ApiKeyCredential(ReadApiKey(keyPath, options.ApiKeyEnv)), clientOptions);
        LlmLog.BackendCreated(context.LoggerFactory, name, Type, endpoint.GetLeftPart(UriPartial.Path), options.Model);
        return new OpenAiExtraBodyChatClient(chat.AsIChatClient(), options.ContinueFinalMessage);
    }

    private static string ReadApiKey(string keyPath, string? variable)
    {
        if (string.IsNullOrWhiteSpace(variable))
            return PlaceholderApiKey;
        var key = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrEmpty(key))
            throw new InvalidOperationException(
                $"{keyPath}.api_key_env: environment variable '{variable}' is not set; export it with the API key or remove api_key_env for a local server");
        return key;
    }
}
