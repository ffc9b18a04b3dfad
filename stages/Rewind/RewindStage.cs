using System.Runtime.CompilerServices;
using DataGen.Schemas;
using DataGen.Stages.Spans;
using DataGen.Stages.Tokenization;

namespace DataGen.Stages.Rewind;

/// <summary>
/// Plans the rewind of each violating sample: proposes a policy rewind point before the first toxic span, then
/// re-classifies the kept prefix and moves the point earlier until the prefix is clean (the empty prefix always is).
/// </summary>
public sealed class RewindStage(RewindOptions options, ISpanClassifier classifier, ITokenCounter tokens) : IStage<ScoredSample, PlannedSample>
{
    private readonly RewindPlanner _planner = new(options, tokens);

    public string Name => "rewind";

    public async IAsyncEnumerable<PlannedSample> ProcessAsync(ScoredSample input, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (!input.HasViolation)
        {
            yield return new PlannedSample(input, null);
            yield break;
        }
        var response = input.Sample.Response;
        foreach (var span in input.Spans)
        {
            if (span.Start < 0 || span.End <= span.Start || span.End > response.Length)
                throw new RowRejectedException("invalid_span", $"span [{span.Start},{span.End}) lies outside the {response.Length}-char response; the span stage must report spans inside the text");
        }
        var violationEnd = _planner.ViolationEnd(response, input.Spans);
        var rewind = _planner.ProposeRewind(response, _planner.SafeLimit(response, input.Spans));
        while (rewind > 0)
        {
            var prediction = await classifier.ClassifyAsync(response[..rewind], cancellationToken);
            if (!prediction.IsToxic)
                break;
            // Move before the toxic part of the prefix; always strictly earlier so the loop ends.
            var toxicStart = Math.Min(prediction.Spans.Min(s => s.Start), rewind - 1);
            var earlier = _planner.ProposeRewind(response, toxicStart);
            rewind = earlier < rewind ? earlier : 0;
        }
        yield return new PlannedSample(input, _planner.Build(response, rewind, violationEnd));
    }
}
