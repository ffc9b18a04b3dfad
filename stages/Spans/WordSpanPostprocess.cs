using System.Text.RegularExpressions;
using DataGen.Schemas;

namespace DataGen.Stages.Spans;

/// <summary>
/// The descriptor's optional `postprocess` block, as the model factory selected it on the dev split: a word is
/// marked whole when the mean score of its characters reaches the threshold, and (with bridge_gaps) a gap of at most
/// two characters on one line between two marked words is marked too, since annotated phrases include it.
/// With min_word_score / relative_to_max, the threshold gates the text on its best word instead, and then every word
/// scoring at least max(min_word_score, relative_to_max * best word score) is marked (the factory's words+gaps+rel
/// variant; never spans a text the plain rule leaves clean). Null / 0 give the plain rule.
/// Character score = max over the tokens covering the character. Words are `\w+('\w+)*`, as in the factory.
/// </summary>
public sealed partial record WordSpanPostprocess(bool WholeWords, bool BridgeGaps, float Threshold, double? MinWordScore = null, double RelativeToMax = 0)
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
            var words = WordPattern().Matches(text);
            var means = new double[words.Count];
            var best = 0d;
            for (var w = 0; w < words.Count; w++)
            {
                var sum = 0d;
                for (var i = words[w].Index; i < words[w].Index + words[w].Length; i++)
                    sum += charScores[i];
                means[w] = sum / words[w].Length;
                best = Math.Max(best, means[w]);
            }
            // The gate: below it the text stays clean; above it the cut may be lower (a weak word beside a strong one).
            var cut = best < Threshold ? double.PositiveInfinity : Math.Max(MinWordScore ?? Threshold, RelativeToMax * best);
            var previousEnd = -1;
            for (var w = 0; w < words.Count; w++)
            {
                var (start, end) = (words[w].Index, words[w].Index + words[w].Length);
                if (means[w] < cut)
                {
                    previousEnd = -1;
                    continue;
                }
                if (BridgeGaps && previousEnd >= 0 && start - previousEnd <= MaxBridgedGap && text.AsSpan(previousEnd, start - previousEnd).IndexOf('\n') < 0)
                    Array.Fill(marked, true, previousEnd, start - previousEnd);
                Array.Fill(marked, true, start, end - start);
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
