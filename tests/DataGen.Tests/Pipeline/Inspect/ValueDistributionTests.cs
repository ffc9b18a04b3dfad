using DataGen.Pipeline.Inspect;

namespace DataGen.Tests.Pipeline.Inspect;

public sealed class ValueDistributionTests
{
    [Fact]
    public void Summarize_ComputesStatisticsAndBucketsCoveringEveryValue()
    {
        var distribution = new ValueDistribution();
        long[] values = [5, 1, 9, 3, 3, 100, 42, 7, 3, 8];
        foreach (var v in values)
            distribution.Add(v);

        var summary = distribution.Summarize("x", "chars", maxBuckets: 4);

        Assert.Equal((10L, 1L, 100L), (summary.Count, summary.Min, summary.Max));
        Assert.Equal(values.Average(), summary.Mean!.Value, 9);
        Assert.Equal(5L, summary.Median); // sorted: 1 3 3 3 5 7 8 9 42 100 -> 5th value
        Assert.Equal(42L, summary.P90);
        Assert.True(summary.Histogram.Count <= 4);
        Assert.Equal(values.Length, summary.Histogram.Sum(b => b.Count));
        Assert.Equal((1L, 100L), (summary.Histogram[0].From, summary.Histogram[^1].To));
    }

    [Fact]
    public void Summarize_WithOneBucketPerValue_WhenTheRangeIsSmall()
    {
        var distribution = new ValueDistribution();
        foreach (var v in new long[] { 2, 2, 4 })
            distribution.Add(v);

        var buckets = distribution.Summarize("x", "n").Histogram;

        Assert.Equal([("2", 2L), ("3", 0L), ("4", 1L)], buckets.Select(b => (b.Label, b.Count)));
    }

    [Fact]
    public void Summarize_Empty_HasNoStatistics()
    {
        var summary = new ValueDistribution().Summarize("x", "n");

        Assert.Equal(0, summary.Count);
        Assert.Null(summary.Median);
        Assert.Empty(summary.Histogram);
    }
}
