namespace DataGen.Stages.Synthesis;

/// <summary>
/// Makes a model reply joinable to the kept prefix so that prefix + continuation reads as one text:
/// 1. a reply that starts by repeating the whole prefix (ignoring surrounding whitespace) has that echo removed;
/// 2. trailing whitespace is trimmed;
/// 3. leading whitespace is dropped when the prefix is empty or already ends in whitespace, otherwise kept;
/// 4. when neither side has a space at the seam and the reply starts a new word (letter, digit, opening quote or
///    bracket) after a prefix that ends a word or sentence, one space is inserted (rewind points are word-aligned,
///    so the prefix never ends mid-word).
/// </summary>
public static class ContinuationCleaner
{
    public static string Clean(string prefix, string reply)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentNullException.ThrowIfNull(reply);
        var text = StripEcho(prefix, reply).TrimEnd();
        if (text.Length == 0)
            return text;
        if (prefix.Length == 0 || char.IsWhiteSpace(prefix[^1]))
            return text.TrimStart();
        if (char.IsWhiteSpace(text[0]))
            return text;
        return StartsNewWord(text[0]) && EndsWordOrSentence(prefix) ? " " + text : text;
    }

    private static string StripEcho(string prefix, string reply)
    {
        var echo = prefix.Trim();
        if (echo.Length == 0)
            return reply;
        var start = reply.AsSpan().TrimStart();
        return start.StartsWith(echo, StringComparison.Ordinal) ? start[echo.Length..].ToString() : reply;
    }

    private static bool StartsNewWord(char c) => char.IsLetterOrDigit(c) || c is '"' or '\'' or '(' or '[' or '\u201C' or '\u2018';

    private static bool EndsWordOrSentence(string prefix)
    {
        var c = prefix[^1];
        // A straight quote after a space (or alone) opens a quotation: the reply goes on inside it without a space.
        if (c is '"' or '\'')
            return prefix.Length > 1 && !char.IsWhiteSpace(prefix[^2]);
        return char.IsLetterOrDigit(c) || c is '.' or ',' or ';' or ':' or '!' or '?' or ')' or ']' or '\u201D' or '\u2019';
    }
}
