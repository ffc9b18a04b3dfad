using DataGen.Pipeline.Inspect;

namespace DataGen.Tests.Pipeline.Inspect;

public sealed class TerminalTextTests
{
    [Theory]
    [InlineData("a\u001b[31mred\u001b[0m b", "ared b")]
    [InlineData("title\u001b]0;pwned\u0007 done", "title done")]
    [InlineData("link \u001b]8;;http://x\u001b\\text\u001b]8;;\u001b\\", "link text")]
    [InlineData("bell\u0007 cr\r nul\0 c1\u009b2J", "bell cr nul c1")]
    [InlineData("rtl \u202Eevil\u202C ok", "rtl evil ok")]
    [InlineData("keep\nlines\tand 🙂 emoji 👩‍💻", "keep\nlines\tand 🙂 emoji 👩‍💻")]
    public void Clean_RemovesEscapesAndControls_KeepsTextNewlinesAndEmoji(string input, string expected) =>
        Assert.Equal(expected, TerminalText.Clean(input));

    [Fact]
    public void Markup_EscapesSpectreMarkup()
    {
        Assert.Equal("[[bold]]x[[/]]", TerminalText.Markup("[bold]x[/]"));
    }
}
