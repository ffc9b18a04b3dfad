using Microsoft.Extensions.Logging;

namespace DataGen.Stages.Llm;

/// <summary>Log messages of the LLM backends, in one place. Never takes a key or a payload.</summary>
internal static partial class LlmLog
{
    public static void BackendCreated(ILoggerFactory factory, string name, string type, string endpoint, string model) =>
        BackendCreated(factory.CreateLogger("DataGen.Llm"), name, type, endpoint, model);

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Backend {Name}: {Type} at {Endpoint}, model {Model}")]
    private static partial void BackendCreated(ILogger logger, string name, string type, string endpoint, string model);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "Backend {Name}: try failed ({Cause}); try {Next} of {Attempts} in {DelaySeconds:0.###} s")]
    public static partial void Retrying(ILogger logger, string name, string cause, int next, int attempts, double delaySeconds);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Backend {Name}: circuit breaker opened for {Seconds:0.###} s after repeated failures")]
    public static partial void BreakerOpened(ILogger logger, string name, double seconds);

}
