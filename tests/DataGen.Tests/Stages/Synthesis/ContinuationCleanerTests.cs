using DataGen.Stages.Synthesis;

namespace DataGen.Tests.Stages.Synthesis;

public sealed class ContinuationCleanerTests
{
    [Theory]
    [InlineData("The film was", "The film was quite long.  \n", " quite long.")]
    [InlineData("The film was", "  The film was quite long.", " quite long.")]
    [InlineData("The film was", "quite long.", " quite long.")]
    [InlineData("The film was ", "  quite long.", "quite long.")]
    [InlineData("The film was", " quite long.", " quite long.")]
    [InlineData("I said", ", then left.", ", then left.")]
    [InlineData("He said \"", "hello\"", "hello\"")]
    [InlineData("He said \"no\"", "and left.", " and left.")]
    [InlineData("", "  A start.", "A start.")]
    [InlineData("The film was", "   \n", "")]
    public void Clean_JoinsReplyToPrefix(string prefix, string reply, string expected) =>
        Assert.Equal(expected, ContinuationCleaner.Clean(prefix, reply));
}
