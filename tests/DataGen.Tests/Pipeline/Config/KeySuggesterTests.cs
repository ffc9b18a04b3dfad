using DataGen.Pipeline.Config;

namespace DataGen.Tests.Pipeline.Config;

public sealed class KeySuggesterTests
{
    [Theory]
    [InlineData("temprature", "temperature")]
    [InlineData("samples_per_promt", "samples_per_prompt")]
    [InlineData("top-p", "top_p")]
    public void A_near_miss_suggests_the_allowed_key(string typed, string expected) =>
        Assert.Equal(expected, KeySuggester.Suggest(typed, ["temperature", "top_p", "samples_per_prompt", "max_tokens"]));

    [Fact]
    public void An_unrelated_key_suggests_nothing() =>
        Assert.Null(KeySuggester.Suggest("colour", ["temperature", "top_p", "samples_per_prompt"]));
}
