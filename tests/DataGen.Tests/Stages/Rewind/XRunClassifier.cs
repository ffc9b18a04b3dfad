using DataGen.Schemas;
using DataGen.Stages.Spans;

namespace DataGen.Tests.Stages.Rewind;

/// <summary>Unit-test double for the rewind planner: every maximal run of 'X' is a toxic span with score 0.9.</summary>
internal sealed class XRunClassifier : ISpanClassifier
{
    public List<string> Calls { get; } = [];

    public ModelIdentity Identity { get; } = new("test:x-runs", "", "test");

    public static IReadOnlyList<ToxicSpan> Find(string text)
    {
        var spans = new List<ToxicSpan>();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != 'X')
                continue;
            var start = i;
            while (i < text.Length && text[i] == 'X')
                i++;
            spans.Add(new ToxicSpan(start, i, 0.9f));
        }
        return spans;
    }

    public ValueTask<SpanPrediction> ClassifyAsync(string text, CancellationToken cancellationToken)
    {
        Calls.Add(text);
        var spans = Find(text);
        return ValueTask.FromResult(spans.Count == 0 ? SpanPrediction.Clean : new SpanPrediction(spans, 0.9f));
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
