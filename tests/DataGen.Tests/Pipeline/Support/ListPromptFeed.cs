using System.Runtime.CompilerServices;
using DataGen.Pipeline.Engine;
using DataGen.Schemas;

namespace DataGen.Tests.Pipeline.Support;

/// <summary>A feed over a fixed list (or an endless sequence when count is null); counts how many items were taken.</summary>
internal sealed class ListPromptFeed(IReadOnlyList<PromptFeedItem>? items, long? totalHint = null) : IPromptFeed
{
    private long _read;

    public static ListPromptFeed Of(IEnumerable<PromptRecord> prompts)
    {
        var items = prompts.Select(PromptFeedItem.Of).ToList();
        return new ListPromptFeed(items, items.Count);
    }

    public static ListPromptFeed Endless() => new(null);

    public long? TotalHint { get; } = totalHint;

    public long Read => Interlocked.Read(ref _read);

    public async IAsyncEnumerable<PromptFeedItem> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        for (long i = 0; items is null || i < items.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await Task.Yield();
            Interlocked.Increment(ref _read);
            yield return items is null ? PromptFeedItem.Of(TestRows.Prompt(i)) : items[(int)i];
        }
    }
}
