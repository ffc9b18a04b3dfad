using DataGen.Stages.Llm.Metering;
using DataGen.Stages.Llm.Resilience;
using Microsoft.Extensions.AI;

namespace DataGen.Stages.Llm;

/// <summary>
/// Makes the IChatClient for a named backend: picks the provider by `type:` and wraps it in the common middleware:
/// adaptive concurrency limit → usage meter and budget check → timeout of the whole request (so a queued request's
/// wait counts against neither its timeout nor the budget check). HTTP providers add retries below (ResilientHttpClientFactory).
/// </summary>
public sealed class ChatBackendRegistry
{
    private readonly Dictionary<string, IChatBackendProvider> _providers = new(StringComparer.Ordinal);

    /// <summary>A registry with the built-in providers (openai, ollama); register others (onnx) with <see cref="Register"/>.</summary>
    public ChatBackendRegistry()
    {
        Register(new OpenAiBackendProvider());
        Register(new OllamaBackendProvider());
    }

    public IReadOnlyCollection<string> KnownTypes => _providers.Keys.Order(StringComparer.Ordinal).ToArray();

    /// <summary>Adds a provider; one registered later for the same type replaces the earlier one.</summary>
    public ChatBackendRegistry Register(IChatBackendProvider provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        _providers[provider.Type] = provider;
        return this;
    }

    public IChatClient Create(string name, BackendOptions options, BackendContext context)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        var keyPath = $"backends.{name}";
        if (!_providers.TryGetValue(options.Type, out var provider))
            throw new InvalidOperationException(
                $"{keyPath}.type: '{options.Type}' is not a known backend type; known: {string.Join(", ", KnownTypes)}");

        // The type was checked against the registry above; the options' own list of types may not know a registered one.
        var errors = options.Validate(keyPath).Where(e => !e.StartsWith($"{keyPath}.type:", StringComparison.Ordinal)).ToList();
        if (errors.Count > 0)
            throw new InvalidOperationException(string.Join("; ", errors));

        // Providers find this backend's meter (retry counts, concurrency limiter) in the context's meters.
        var meters = context.Meters ?? new BackendMeters();
        var meter = meters.For(name, options);
        var inner = provider.Create(name, options, context with { Meters = meters });
        return new AdaptiveConcurrencyChatClient(
            new UsageMeteringChatClient(new TimeoutChatClient(new MetricsChatClient(inner, name), RequestTimeout(options)), meter, meters.Budget),
            meter.Limiter);
    }

    /// <summary>HTTP backends: the retry pipeline's total timeout plus a margin, so the pipeline reports its own timeout first.</summary>
    private static TimeSpan RequestTimeout(BackendOptions options) =>
        options.Type is "openai" or "ollama"
            ? RetrySettings.From(options).TotalTimeout + TimeSpan.FromSeconds(5)
            : TimeSpan.FromSeconds(options.TimeoutSeconds);
}
