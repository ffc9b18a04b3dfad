using DataGen.Schemas;
using DataGen.Stages.Spans.Evaluation;

namespace DataGen.Tests.Stages.Spans.Evaluation;

public sealed class SpanF1Tests
{
    [Fact]
    public void PartialOverlap_MatchesHandComputedF1PrecisionRecall()
    {
        // predicted {1,2,3,4}, gold {3,4,5,6,7,8}: common 2; P = 2/4, R = 2/6, F1 = 2*2/(4+6) = 0.4
        var (f1, p, r) = SpanF1.Score([1, 2, 3, 4], [3, 4, 5, 6, 7, 8]);
        Assert.Equal(0.4, f1, 1e-12);
        Assert.Equal(0.5, p, 1e-12);
        Assert.Equal(1.0 / 3, r, 1e-12);
    }

    [Fact]
    public void EmptyGold_ScoresOneOnlyWhenPredictionIsEmpty()
    {
        Assert.Equal(1.0, SpanF1.Score([], []).F1);
        Assert.Equal(0.0, SpanF1.Score([1], []).F1);
        Assert.Equal(0.0, SpanF1.Score([], [1]).F1);
    }

    [Fact]
    public void Result_IsTheMeanOverTexts()
    {
        var metric = new SpanF1();
        metric.Add([1, 2, 3, 4], [3, 4, 5, 6, 7, 8]); // 0.4
        metric.Add([], []);                            // 1
        metric.Add([5], [5]);                          // 1
        metric.Add([9], []);                           // 0
        var result = metric.Result;
        Assert.Equal(4, result.Texts);
        Assert.Equal((0.4 + 1 + 1 + 0) / 4, result.F1, 1e-12);
        Assert.Equal((0.5 + 1 + 1 + 0) / 4, result.Precision, 1e-12);
        Assert.Equal(((1.0 / 3) + 1 + 1 + 0) / 4, result.Recall, 1e-12);
    }

    [Fact]
    public void Offsets_ListEveryCharacterOfEverySpan()
    {
        Assert.Equal([2, 3, 4, 8], SpanF1.Offsets([new ToxicSpan(2, 5, 0.9f), new ToxicSpan(8, 9, 0.8f)]).Order());
    }

    [Fact]
    public void SemEvalOffsets_ParsesListsAndRejectsGarbageWithLocation()
    {
        Assert.Equal([1, 2, 3], SemEvalOffsets.Parse("[1, 2, 3]", "f:1").Order());
        Assert.Empty(SemEvalOffsets.Parse("[]", "f:1"));
        var e = Assert.Throws<InputFileException>(() => SemEvalOffsets.Parse("1-3", "data.csv:7: column 'spans'"));
        Assert.StartsWith("data.csv:7: column 'spans': gold spans '1-3'", e.Message);
    }
}
