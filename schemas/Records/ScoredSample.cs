namespace DataGen.Schemas;

/// <summary>A sample with the toxic spans the classifier found in its response (sorted by Start, non-overlapping).</summary>
public sealed record ScoredSample(Sample Sample, IReadOnlyList<ToxicSpan> Spans, float MaxScore) : IRowKeyed
{
    public RowKey Key => Sample.Key;
    public bool HasViolation => Spans.Count > 0;
}
