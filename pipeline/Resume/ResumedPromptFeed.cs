using System.Runtime.CompilerServices;
using DataGen.Pipeline.Engine;

namespace DataGen.Pipeline.Resume;

/// <summary>
/// The feed of a resumed run: skips the first <c>skip</c> items (committed by earlier sessions; writing is in feed
/// order, so they are a prefix) and stops after item number <c>limit</c> of the whole source, so --limit means the
/// same in every session. Checks the last skipped item is the prompt the journal names, so an edited source is refused.
/// </summary>
public sealed class ResumedPromptFeed(IPromptFeed inner, long skip, long? limit, string? lastCommittedPromptId) : IPromptFeed
{
    public long? TotalHint { get; } = inner.TotalHint is { } total ? Math.Max(0, Math.Min(total, limit ?? long.MaxValue) - skip) : null;

    public async IAsyncEnumerable<PromptFeedItem> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        long ordinal = 0;
        var end = limit ?? long.MaxValue;
        if (ordinal >= end)
            yield break;
        await foreach (var item in inner.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var current = ordinal++;
            if (current < skip)
            {
                if (current == skip - 1 && lastCommittedPromptId is not null && IdOf(item) != lastCommittedPromptId)
                    throw new JournalException(
                        $"prompt source changed since the run started: item {skip} is '{IdOf(item)}', the journal committed '{lastCommittedPromptId}'; resume needs the same prompts file");
                continue;
            }
            yield return item;
            if (ordinal >= end)
                yield break;
        }
        if (ordinal < skip)
            throw new JournalException($"prompt source changed since the run started: it has {ordinal} items, the journal committed {skip}; resume needs the same prompts file");
    }

    private static string? IdOf(PromptFeedItem item) => item.Prompt?.Id ?? item.Reject?.PromptId;
}
