using System.Globalization;
using System.Text;

namespace DataGen.Stages.Rewind;

/// <summary>
/// Where a response may be cut: never inside a word (letters, digits, marks, apostrophes), a surrogate pair,
/// or a combining / emoji sequence (marks, ZWJ, variation selectors, skin-tone modifiers).
/// </summary>
public static class TextBoundaries
{
    private const string ClauseEndsNeedingSpace = ".!?;:,";
    private const string ClauseEndsStandalone = "—…。！？；：，、";

    public static bool IsCutAllowed(string text, int position)
    {
        if (position <= 0 || position >= text.Length)
            return true;
        if (char.IsLowSurrogate(text[position]) && char.IsHighSurrogate(text[position - 1]))
            return false;
        var after = RuneAt(text, position);
        var before = RuneBefore(text, position);
        if (IsJoiner(after) || before.Value == 0x200D)
            return false;
        return !(IsWordRune(before) && IsWordRune(after));
    }

    /// <summary>The nearest allowed cut at or before <paramref name="position"/> (the start of the word it is in).</summary>
    public static int SnapBack(string text, int position)
    {
        while (position > 0 && !IsCutAllowed(text, position))
            position--;
        return position;
    }

    /// <summary>The nearest allowed cut at or after <paramref name="position"/> (the end of the word it is in).</summary>
    public static int SnapForward(string text, int position)
    {
        while (position < text.Length && !IsCutAllowed(text, position))
            position++;
        return position;
    }

    /// <summary>True where a word starts: an allowed cut before non-space text that follows space, a clause mark, or the text start.</summary>
    public static bool IsWordStart(string text, int position)
    {
        if (position == 0)
            return text.Length > 0 && !char.IsWhiteSpace(text[0]);
        if (position >= text.Length || char.IsWhiteSpace(text[position]) || !IsCutAllowed(text, position))
            return false;
        var previous = text[position - 1];
        return char.IsWhiteSpace(previous) || ClauseEndsStandalone.Contains(previous, StringComparison.Ordinal);
    }

    /// <summary>The last word start strictly before <paramref name="position"/>, or 0.</summary>
    public static int PreviousWordStart(string text, int position)
    {
        for (var p = position - 1; p > 0; p--)
        {
            if (IsWordStart(text, p))
                return p;
        }
        return 0;
    }

    /// <summary>
    /// The last sentence/clause boundary at or before <paramref name="limit"/>: just after . ! ? ; : , (followed by space)
    /// or — … CJK punctuation or a newline, plus the whitespace after it. 0 when there is none.
    /// </summary>
    public static int LastClauseBoundary(string text, int limit)
    {
        for (var i = limit - 1; i >= 0; i--)
        {
            var c = text[i];
            var isBoundary = c == '\n'
                || ClauseEndsStandalone.Contains(c, StringComparison.Ordinal)
                || (ClauseEndsNeedingSpace.Contains(c, StringComparison.Ordinal) && (i + 1 == limit || char.IsWhiteSpace(text[i + 1])));
            if (!isBoundary)
                continue;
            var boundary = i + 1;
            while (boundary < limit && char.IsWhiteSpace(text[boundary]))
                boundary++;
            if (IsCutAllowed(text, boundary))
                return boundary;
        }
        return 0;
    }

    private static bool IsWordRune(Rune rune) =>
        rune.Value is '\'' or '\u2019'
        || Rune.GetUnicodeCategory(rune) switch
        {
            UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter
                or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark
                or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber
                or UnicodeCategory.ConnectorPunctuation => true,
            _ => false,
        };

    /// <summary>Runes that attach to the one before them: combining marks, ZWJ, variation selectors, emoji modifiers.</summary>
    private static bool IsJoiner(Rune rune) =>
        rune.Value is 0x200D or (>= 0xFE00 and <= 0xFE0F) or (>= 0x1F3FB and <= 0x1F3FF) or (>= 0xE0020 and <= 0xE007F)
        || Rune.GetUnicodeCategory(rune) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark;

    private static Rune RuneAt(string text, int position) =>
        Rune.DecodeFromUtf16(text.AsSpan(position), out var rune, out _) == System.Buffers.OperationStatus.Done ? rune : Rune.ReplacementChar;

    private static Rune RuneBefore(string text, int position) =>
        Rune.DecodeLastFromUtf16(text.AsSpan(0, position), out var rune, out _) == System.Buffers.OperationStatus.Done ? rune : Rune.ReplacementChar;
}
