using DataGen.Stages;

namespace DataGen.Tests.Stages.Common;

public sealed class SeedDeriverTests
{
    [Fact]
    public void SameInputsGiveSameSeed_DifferentInputsDiffer()
    {
        var a = SeedDeriver.Derive(42, "p1", 0, "sample");
        Assert.Equal(a, SeedDeriver.Derive(42, "p1", 0, "sample"));
        Assert.NotEqual(a, SeedDeriver.Derive(42, "p1", 1, "sample"));
        Assert.NotEqual(a, SeedDeriver.Derive(43, "p1", 0, "sample"));
        Assert.NotEqual(a, SeedDeriver.Derive(42, "p1", 0, "synthesis"));
        Assert.NotEqual(a, SeedDeriver.Derive(42, "p1", 0, "sample", attempt: 1));
        Assert.InRange(a, 0, (1L << 53) - 1);
    }
}
