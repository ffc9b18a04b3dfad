using DataGen.Pipeline.Engine;

namespace DataGen.Pipeline.Build;

/// <summary>Adapts any prompt reader (e.g. PromptFileReader.ReadAsync mapped to PromptFeedItem) to the engine's feed.</summary>
public sealed class DelegatePromptFeed(Func<CancellationToken, IAsyncEnumerable<PromptFeedItem>> read, long? totalHint = null) : IPromptFeed
{
    public long? TotalHint { get; } = totalHint;

    public IAsyncEnumerable<PromptFeedItem> ReadAsync(CancellationToken cancellationToken) => read(cancellationToken);
}
