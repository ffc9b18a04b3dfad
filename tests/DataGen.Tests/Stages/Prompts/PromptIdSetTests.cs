using DataGen.Stages.Prompts;

namespace DataGen.Tests.Stages.Prompts;

public sealed class PromptIdSetTests
{
    [Fact]
    public void SecondAddOfAnIdFailsAndReturnsTheFirstLine()
    {
        var set = new PromptIdSet();
        Assert.True(set.TryAdd("a", 3, out _));
        Assert.True(set.TryAdd("b", 4, out _));
        Assert.False(set.TryAdd("a", 9, out var first));
        Assert.Equal(3, first);
        Assert.Equal(2, set.Count);
    }

    [Fact]
    public void ManyDistinctIdsIncludingLongAndNonAsciiOnesAreAllKept()
    {
        var set = new PromptIdSet();
        var ids = Enumerable.Range(0, 20_000).Select(i => $"p{i:D6}")
            .Append(new string('x', 5000)).Append(new string('x', 5001)).Append("é").Append("e\u0301").Append("")
            .ToList();
        for (var i = 0; i < ids.Count; i++)
            Assert.True(set.TryAdd(ids[i], i + 1, out _), ids[i].Length > 20 ? $"id of length {ids[i].Length}" : ids[i]);
        Assert.Equal(ids.Count, set.Count);
        Assert.False(set.TryAdd(new string('x', 5001), 0, out var line));
        Assert.Equal(20_002, line);
    }
}
