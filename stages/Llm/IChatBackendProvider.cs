using DataGen.Stages.Llm.Resilience;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace DataGen.Stages.Llm;

/// <summary>Makes an IChatClient for one backend type (openai, ollama, onnx). Registered in ChatBackendRegistry.</summary>
public interface IChatBackendProvider
{
    /// <summary>The `type:` value in pipeline.yaml this provider serves.</summary>
    string Type { get; }

    IChatClient Create(string name, BackendOptions options, BackendContext context);
}

/// <summary>
/// What a provider may need besides its options: the config folder (to resolve relative paths), logging, and the
/// run's backend meters (HTTP providers count retries and drive the concurrency limiter through them; null: not counted).
/// </summary>
public sealed record BackendContext(string BaseDirectory, ILoggerFactory LoggerFactory, BackendMeters? Meters = null);
