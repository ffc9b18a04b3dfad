using DataGen.Schemas;
using DataGen.Stages.Spans;

namespace DataGen.Tests.Infrastructure;

/// <summary>
/// Deterministic stand-in for the ONNX classifier in unit tests: every run of two or more 'X' characters is a toxic
/// span with score 0.9; clean text scores 0.05. Counts calls so tests can check verification happened.
/// </summary>
public sealed class XRunSpanClassifier : ISpanClassifier
{
    public const float ToxicScore = 0.9f;
    public const float CleanScore = 0.05f;
    private int _calls;

    public ModelIdentity Identity { get; } = new("test://x-runs", "none", "test");

    public int Calls => Volatile.Read(ref _calls);

    public ValueTask<SpanPrediction> ClassifyAsync(string text, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        var spans = new List<ToxicSpan>();
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] != 'X')
            {
                i++;
                continue;
            }
            var start = i;
            while (i < text.Length && text[i] == 'X')
                i++;
            if (i - start >= 2)
                spans.Add(new ToxicSpan(start, i, ToxicScore));
        }
        return ValueTask.FromResult(new SpanPrediction(spans, spans.Count > 0 ? ToxicScore : CleanScore));
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
