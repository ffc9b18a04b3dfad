namespace DataGen.Stages.Llm.Replay;

/// <summary>What the replay cache keeps of one answered chat request: enough to rebuild the ChatResponse the stages read.</summary>
public sealed record CachedResponse(string Text, string? FinishReason, string? ModelId, long? InputTokens, long? OutputTokens, long? TotalTokens);
