using DataGen.Schemas;
using DataGen.Stages.Tokenization;

namespace DataGen.Stages.Rewind;

/// <summary>
/// Pure rewind arithmetic: where the violation ends, which rewind point a policy proposes below a limit, and the
/// Prefix/Violation/Remainder split. The clean-prefix check with the classifier lives in <see cref="RewindStage"/>.
/// </summary>
public sealed class RewindPlanner(RewindOptions options, ITokenCounter tokens)
{
    /// <summary>
    /// End of the first span extended to the end of its word; later spans that start at or before that end
    /// (touching or overlapping) are merged in, each extended to its word end as well.
    /// </summary>
    public int ViolationEnd(string response, IReadOnlyList<ToxicSpan> spans)
    {
        var ordered = spans.OrderBy(s => s.Start).ToList();
        var end = TextBoundaries.SnapForward(response, ordered[0].End);
        foreach (var span in ordered.Skip(1))
        {
            if (span.Start > end)
                break;
            end = Math.Max(end, TextBoundaries.SnapForward(response, span.End));
        }
        return end;
    }

    /// <summary>The latest position the kept prefix may reach: the start of the word the first span starts in.</summary>
    public int SafeLimit(string response, IReadOnlyList<ToxicSpan> spans) =>
        TextBoundaries.SnapBack(response, spans.Min(s => s.Start));

    /// <summary>The policy's rewind point at or before <paramref name="limit"/>; a whitespace-only prefix collapses to 0.</summary>
    public int ProposeRewind(string response, int limit)
    {
        limit = TextBoundaries.SnapBack(response, Math.Clamp(limit, 0, response.Length));
        var rewind = options.Policy switch
        {
            "reset" => 0,
            "sentence" => TextBoundaries.LastClauseBoundary(response, limit),
            "tokens" => WalkBackTokens(response, limit),
            _ => throw new InvalidOperationException($"rewind.policy '{options.Policy}' is not allowed; use reset, sentence or tokens"),
        };
        return response.AsSpan(0, rewind).IsWhiteSpace() ? 0 : rewind;
    }

    public RewindPlan Build(string response, int rewind, int violationEnd)
    {
        var prefix = response[..rewind];
        var violation = response[rewind..violationEnd];
        var remainder = response[violationEnd..];
        return new RewindPlan(options.Policy, rewind, violationEnd, prefix, violation, remainder, violation.Length, tokens.CountTokens(violation));
    }

    /// <summary>Walks back word by word until at least k policy tokens lie between the word start and the limit.</summary>
    private int WalkBackTokens(string response, int limit)
    {
        var position = limit;
        while (position > 0 && tokens.CountTokens(response[position..limit]) < options.Tokens)
            position = TextBoundaries.PreviousWordStart(response, position);
        return position;
    }
}
