using DataGen.Schemas;

namespace DataGen.Stages.Spans.Evaluation;

/// <summary>
/// SemEval-2021 Task 5 (toxic spans) metric: per text, F1 between predicted and gold character-offset sets
/// (empty gold scores 1 iff the prediction is empty too), averaged over texts. Precision and recall are
/// averaged the same way, with the same convention when either set is empty (1 iff both are empty, else 0).
/// </summary>
public sealed class SpanF1
{
    private double _f1;
    private double _precision;
    private double _recall;
    private int _count;

    public void Add(IReadOnlyCollection<int> predicted, IReadOnlyCollection<int> gold)
    {
        var (f1, precision, recall) = Score(predicted, gold);
        _f1 += f1;
        _precision += precision;
        _recall += recall;
        _count++;
    }

    public SpanF1Result Result => _count == 0
        ? new SpanF1Result(0, 0, 0, 0)
        : new SpanF1Result(_f1 / _count, _precision / _count, _recall / _count, _count);

    public static (double F1, double Precision, double Recall) Score(IReadOnlyCollection<int> predicted, IReadOnlyCollection<int> gold)
    {
        var p = predicted as ISet<int> ?? new HashSet<int>(predicted);
        var g = gold as ISet<int> ?? new HashSet<int>(gold);
        if (g.Count == 0 || p.Count == 0)
        {
            var both = g.Count == 0 && p.Count == 0 ? 1.0 : 0.0;
            return (both, both, both);
        }
        var common = p.Count(g.Contains);
        var precision = (double)common / p.Count;
        var recall = (double)common / g.Count;
        var f1 = 2.0 * common / (p.Count + g.Count);
        return (f1, precision, recall);
    }

    /// <summary>Character offsets covered by spans, as SemEval lists them.</summary>
    public static HashSet<int> Offsets(IEnumerable<ToxicSpan> spans)
    {
        var offsets = new HashSet<int>();
        foreach (var span in spans)
            for (var i = span.Start; i < span.End; i++)
                offsets.Add(i);
        return offsets;
    }
}
