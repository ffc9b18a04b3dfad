using System.Runtime.CompilerServices;
using DataGen.Schemas;

namespace DataGen.Stages.Spans;

/// <summary>Locates toxic character spans in each sample's response.</summary>
public sealed class SpanLocatorStage(ISpanClassifier classifier) : IStage<Sample, ScoredSample>
{
    public string Name => "spans";

    public async IAsyncEnumerable<ScoredSample> ProcessAsync(Sample input, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        SpanPrediction prediction;
        try
        {
            prediction = await classifier.ClassifyAsync(input.Response, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new RowRejectedException("classifier_failed", $"span classifier failed on {input.Key}: {e.Message}", e);
        }
        yield return new ScoredSample(input, prediction.Spans, prediction.MaxScore);
    }
}
