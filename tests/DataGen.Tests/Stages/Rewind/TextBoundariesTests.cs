using DataGen.Stages.Rewind;

namespace DataGen.Tests.Stages.Rewind;

public sealed class TextBoundariesTests
{
    [Theory]
    [InlineData("hello world", 2, false)]
    [InlineData("hello world", 5, true)]
    [InlineData("hello world", 6, true)]
    [InlineData("don't", 3, false)]
    [InlineData("e\u0301x", 1, false)]
    [InlineData("a😀b", 2, false)]
    [InlineData("a😀b", 1, true)]
    [InlineData("x👍🏽", 3, false)]
    [InlineData("end.", 3, true)]
    public void IsCutAllowed_RejectsCutsInsideWordsAndSequences(string text, int position, bool expected) =>
        Assert.Equal(expected, TextBoundaries.IsCutAllowed(text, position));

    [Fact]
    public void LastClauseBoundary_SkipsWhitespaceAfterTheMark()
    {
        Assert.Equal(11, TextBoundaries.LastClauseBoundary("One. Two.  Three", 16));
        Assert.Equal(5, TextBoundaries.LastClauseBoundary("One. Two.  Three", 8));
        Assert.Equal(9, TextBoundaries.LastClauseBoundary("One. Two.Three", 9));
        Assert.Equal(0, TextBoundaries.LastClauseBoundary("pi is 3.14 ok", 13));
    }

    [Fact]
    public void PreviousWordStart_StepsBackOneWord()
    {
        Assert.Equal(6, TextBoundaries.PreviousWordStart("hello world  again", 13));
        Assert.Equal(0, TextBoundaries.PreviousWordStart("hello world", 6));
        Assert.Equal(0, TextBoundaries.PreviousWordStart("hello", 0));
    }
}
