namespace DataGen.Pipeline.Inspect;

/// <summary>Streaming distribution of integer values: memory grows with distinct values, not with rows.</summary>
public sealed class ValueDistribution
{
    private readonly SortedDictionary<long, long> _counts = [];

    public long Count { get; private set; }

    public long Sum { get; private set; }

    public void Add(long value)
    {
        _counts[value] = _counts.GetValueOrDefault(value) + 1;
        Count++;
        Sum += value;
    }

    public DistributionSummary Summarize(string name, string unit, int maxBuckets = 12)
    {
        if (Count == 0)
            return new DistributionSummary(name, unit, 0, null, null, null, null, null, []);
        var min = _counts.Keys.First();
        var max = _counts.Keys.Last();
        return new DistributionSummary(name, unit, Count, min, max, (double)Sum / Count, Percentile(0.5), Percentile(0.9), Buckets(min, max, maxBuckets));
    }

    private long Percentile(double p)
    {
        var rank = (long)Math.Ceiling(p * Count);
        long seen = 0;
        foreach (var (value, count) in _counts)
        {
            seen += count;
            if (seen >= rank)
                return value;
        }
        return _counts.Keys.Last();
    }

    /// <summary>Equal-width integer buckets [from, to] covering min..max; one bucket per value when they fit.</summary>
    private List<HistogramBucket> Buckets(long min, long max, int maxBuckets)
    {
        var width = Math.Max(1, (long)Math.Ceiling((max - min + 1) / (double)maxBuckets));
        var buckets = new List<HistogramBucket>();
        for (var from = min; from <= max; from += width)
        {
            var to = Math.Min(max, from + width - 1);
            long count = 0;
            foreach (var (value, n) in _counts)
            {
                if (value >= from && value <= to)
                    count += n;
            }
            buckets.Add(new HistogramBucket(from, to, count));
        }
        return buckets;
    }
}
