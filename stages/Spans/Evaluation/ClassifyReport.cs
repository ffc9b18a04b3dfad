namespace DataGen.Stages.Spans.Evaluation;

/// <summary>Totals of a classify run; <see cref="Metric"/> is set when gold spans were given.</summary>
public sealed record ClassifyReport(long Rows, long ToxicRows, long Spans, TimeSpan Elapsed, SpanF1Result? Metric)
{
    public double RowsPerSecond => Elapsed.TotalSeconds > 0 ? Rows / Elapsed.TotalSeconds : 0;
}
