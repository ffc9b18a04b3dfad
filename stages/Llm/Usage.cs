using DataGen.Schemas;
using Microsoft.Extensions.AI;

namespace DataGen.Stages.Llm;

/// <summary>Maps a backend's reported usage to <see cref="TokenUsage"/>; absent counts are zero.</summary>
public static class Usage
{
    public static TokenUsage From(UsageDetails? usage) =>
        usage is null ? TokenUsage.Zero : new TokenUsage(usage.InputTokenCount ?? 0, usage.OutputTokenCount ?? 0);
}
