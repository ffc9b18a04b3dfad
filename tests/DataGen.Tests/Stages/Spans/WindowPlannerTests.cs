using DataGen.Stages.Spans;

namespace DataGen.Tests.Stages.Spans;

public sealed class WindowPlannerTests
{
    [Fact]
    public void ShortText_IsOneWindow()
    {
        Assert.Equal([(0, 5)], WindowPlanner.Plan(5, 14, 4));
    }

    [Fact]
    public void LongText_WindowsOverlapByTheGivenTokens_LastIsAlignedToTheEnd()
    {
        var plan = WindowPlanner.Plan(40, 14, 4);
        Assert.Equal([(0, 14), (10, 14), (20, 14), (26, 14)], plan);
    }

    [Theory]
    [InlineData(100, 14, 4)]
    [InlineData(15, 14, 0)]
    [InlineData(1000, 510, 32)]
    [InlineData(37, 3, 50)]
    public void EveryTokenIsCovered_AndNoWindowIsLongerThanAllowed(int tokens, int perWindow, int overlap)
    {
        var plan = WindowPlanner.Plan(tokens, perWindow, overlap);
        var covered = new bool[tokens];
        foreach (var (start, length) in plan)
        {
            Assert.InRange(length, 1, perWindow);
            for (var i = start; i < start + length; i++)
                covered[i] = true;
        }
        Assert.All(covered, Assert.True);
    }
}
