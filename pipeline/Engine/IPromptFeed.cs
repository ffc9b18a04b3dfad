using DataGen.Schemas;

namespace DataGen.Pipeline.Engine;

/// <summary>The engine's input: prompts in source order, plus rows the reader could not parse (as rejects).</summary>
public interface IPromptFeed
{
    /// <summary>Number of items the feed will yield when known up front (for the ETA); null when unknown.</summary>
    long? TotalHint { get; }

    IAsyncEnumerable<PromptFeedItem> ReadAsync(CancellationToken cancellationToken);
}

/// <summary>Exactly one of Prompt or Reject is set.</summary>
public sealed record PromptFeedItem(PromptRecord? Prompt, RejectRecord? Reject)
{
    public static PromptFeedItem Of(PromptRecord prompt) => new(prompt, null);
    public static PromptFeedItem Rejected(RejectRecord reject) => new(null, reject);
}
