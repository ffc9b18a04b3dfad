using System.Text;
using System.Text.RegularExpressions;
using Spectre.Console;

namespace DataGen.Pipeline.Inspect;

/// <summary>Makes untrusted dataset text safe to print: ANSI/OSC escapes and control or bidi characters removed, Spectre markup escaped.</summary>
public static partial class TerminalText
{
    public static string Markup(string text) => Spectre.Console.Markup.Escape(Clean(text));

    /// <summary>Removes escape sequences, C0/C1 controls (newline and tab kept) and bidi overrides that could rewrite what the terminal shows.</summary>
    public static string Clean(string text)
    {
        var stripped = EscapeSequence().Replace(text, "");
        var builder = new StringBuilder(stripped.Length);
        foreach (var c in stripped)
        {
            if (c is '\n' or '\t')
                builder.Append(c);
            else if (char.IsControl(c) || c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069' or '\u200E' or '\u200F')
                continue;
            else
                builder.Append(c);
        }
        return builder.ToString();
    }

    // CSI (ESC [ ... final), OSC (ESC ] ... BEL or ST), and two-byte ESC sequences; also the 8-bit CSI/OSC introducers.
    [GeneratedRegex(@"\u001B\[[0-?]*[ -/]*[@-~]|\u009B[0-?]*[ -/]*[@-~]|(\u001B\]|\u009D).*?(\u0007|\u001B\\|\u009C)|\u001B[@-Z\\-_]", RegexOptions.Singleline)]
    private static partial Regex EscapeSequence();
}
