using System.Text.RegularExpressions;
using DataGen.Schemas;

namespace DataGen.Stages.Spans;

/// <summary>
/// The descriptor's optional `postprocess` block, as the model factory selected it on the dev split: a word is
/// marked whole when the mean score of its characters reaches the threshold, and (with bridge_gaps) a gap of at most
/// two characters on one line between two marked words is marked too, since annotated phrases include it.
/// Character score = max over the tokens covering the character. Words are `\w+('\w+)*`, as in the factory.
/// </summary>
public sealed partial record WordSpanPostprocess(bool WholeWords, bool BridgeGaps, float Threshold)
{
    private const int MaxBridgedGap = 2;

    public IReadOnlyList<ToxicSpan> Apply(string text, ReadOnlySpan<float> charScores)
    {
        var marked = new bool[text.Length];
        if (!WholeWords)
        {
            for (var i = 0; i < text.Length; i++)
                marked[i] = charScores[i] >= Threshold;
        }
        else
        {
            var previousEnd = -1;
            foreach (Match word in WordPattern().Matches(text))
            {
                var (start, end) = (word.Index, word.Index + word.Length);
                var sum = 0d;
                for (var i = start; i < end; i++)
                    sum += charScores[i];
                if (sum / word.Length < Threshold)
                {
                    previousEnd = -1;
                    continue;
                }
                if (BridgeGaps && previousEnd >= 0 && start - previousEnd <= MaxBridgedGap && text.AsSpan(previousEnd, start - previousEnd).IndexOf('\n') < 0)
                    Array.Fill(marked, true, previousEnd, start - previousEnd);
                Array.Fill(marked, true, start, word.Length);
                previousEnd = end;
            }
        }

        var spans = new List<ToxicSpan>();
        for (var i = 0; i < text.Length;)
        {
            if (!marked[i])
            {
                i++;
                continue;
            }
            var start = i;
            var score = 0f;
            for (; i < text.Length && marked[i]; i++)
                score = Math.Max(score, charScores[i]);
            spans.Add(new ToxicSpan(start, i, score));
        }
        return spans;
    }

    [GeneratedRegex(@"\w+(?:'\w+)*")]
    private static partial Regex WordPattern();
}
