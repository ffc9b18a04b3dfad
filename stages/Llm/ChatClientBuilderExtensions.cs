using Microsoft.Extensions.AI;

namespace DataGen.Stages.Llm;

/// <summary>`UseXxx` builder extensions for the middleware in this folder, in the Microsoft.Extensions.AI shape.</summary>
public static class ChatClientBuilderExtensions
{
    public static ChatClientBuilder UseConcurrencyLimit(this ChatClientBuilder builder, int maxConcurrency)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Use(inner => new ConcurrencyLimitingChatClient(inner, maxConcurrency));
    }

    public static ChatClientBuilder UseTimeout(this ChatClientBuilder builder, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Use(inner => new TimeoutChatClient(inner, timeout));
    }
}
