using DataGen.Schemas;
using DataGen.Stages.Tokenization;

namespace DataGen.Stages.Spans;

/// <summary>
/// Turns per-token toxic scores into character spans. Toxic tokens (score >= threshold) whose character ranges
/// touch or overlap are merged; a gap of characters no toxic token covers (e.g. whitespace that WordPiece drops,
/// or a space the byte model scored clean) splits spans. Span edges are trimmed of whitespace.
/// </summary>
public static class SpanExtractor
{
    public static SpanPrediction Extract(string text, TokenizedText tokens, ReadOnlySpan<float> scores, float threshold, WordSpanPostprocess? postprocess = null)
    {
        if (tokens.Count != scores.Length)
            throw new ArgumentException($"{scores.Length} scores for {tokens.Count} tokens");
        if (postprocess is not null)
            return ExtractWords(text, tokens, scores, postprocess);
        var max = 0f;
        var spans = new List<ToxicSpan>();
        int start = -1, end = -1;
        var spanScore = 0f;
        for (var i = 0; i < tokens.Count; i++)
        {
            var score = scores[i];
            max = Math.Max(max, score);
            if (score < threshold)
                continue;
            var tokenStart = tokens.Starts[i];
            var tokenEnd = tokens.Ends[i];
            if (start >= 0 && tokenStart <= end)
            {
                end = Math.Max(end, tokenEnd);
                spanScore = Math.Max(spanScore, score);
                continue;
            }
            AddTrimmed(text, start, end, spanScore, spans);
            (start, end, spanScore) = (tokenStart, tokenEnd, score);
        }
        AddTrimmed(text, start, end, spanScore, spans);
        return new SpanPrediction(spans, max);
    }

    private static SpanPrediction ExtractWords(string text, TokenizedText tokens, ReadOnlySpan<float> scores, WordSpanPostprocess postprocess)
    {
        var charScores = new float[text.Length];
        var max = 0f;
        for (var i = 0; i < tokens.Count; i++)
        {
            max = Math.Max(max, scores[i]);
            for (var c = tokens.Starts[i]; c < tokens.Ends[i]; c++)
                charScores[c] = Math.Max(charScores[c], scores[i]);
        }
        return new SpanPrediction(postprocess.Apply(text, charScores), max);
    }

    private static void AddTrimmed(string text, int start, int end, float score, List<ToxicSpan> spans)
    {
        if (start < 0)
            return;
        while (start < end && char.IsWhiteSpace(text[start]))
            start++;
        while (end > start && char.IsWhiteSpace(text[end - 1]))
            end--;
        if (end > start)
            spans.Add(new ToxicSpan(start, end, score));
    }
}
