using DataGen.Schemas;
using DataGen.Stages.Spans;
using DataGen.Stages.Tokenization;

namespace DataGen.Tests.Stages.Spans;

public sealed class SpanExtractorTests
{
    // Word-level tokens of "aa bb cc dd": whitespace is not covered by any token.
    private static readonly TokenizedText Words = new([1, 2, 3, 4], [0, 3, 6, 9], [2, 5, 8, 11]);

    [Fact]
    public void AdjacentToxicTokens_MergeIntoOneSpan_ScoreIsTheirMax()
    {
        var tokens = new TokenizedText([1, 2, 3, 4], [0, 2, 4, 6], [2, 4, 6, 8]);
        var p = SpanExtractor.Extract("aabbccdd", tokens, [0.1f, 0.6f, 0.9f, 0.2f], 0.5f);
        Assert.Equal([new ToxicSpan(2, 6, 0.9f)], p.Spans);
        Assert.Equal(0.9f, p.MaxScore);
    }

    [Fact]
    public void ToxicTokensSeparatedByUncoveredWhitespace_StaySeparate()
    {
        var p = SpanExtractor.Extract("aa bb cc dd", Words, [0.1f, 0.8f, 0.7f, 0.1f], 0.5f);
        Assert.Equal([new ToxicSpan(3, 5, 0.8f), new ToxicSpan(6, 8, 0.7f)], p.Spans);
    }

    [Fact]
    public void WhitespaceTheModelScoredToxic_StaysInsideTheSpan_EdgesAreTrimmed()
    {
        // byte-like tokens of " X X ": the middle space is toxic, the outer ones are toxic too but trimmed
        var tokens = new TokenizedText([0, 1, 2, 3, 4], [0, 1, 2, 3, 4], [1, 2, 3, 4, 5]);
        var p = SpanExtractor.Extract(" X X ", tokens, [0.9f, 0.9f, 0.9f, 0.9f, 0.9f], 0.5f);
        Assert.Equal([new ToxicSpan(1, 4, 0.9f)], p.Spans);
    }

    [Fact]
    public void Threshold_IsInclusive_AndNothingAboveItMeansClean()
    {
        Assert.Single(SpanExtractor.Extract("aa bb cc dd", Words, [0.5f, 0f, 0f, 0f], 0.5f).Spans);
        var clean = SpanExtractor.Extract("aa bb cc dd", Words, [0.49f, 0.3f, 0f, 0f], 0.5f);
        Assert.False(clean.IsToxic);
        Assert.Equal(0.49f, clean.MaxScore);
    }

    [Fact]
    public void OverlappingTokenRanges_OfOneCharacter_Merge()
    {
        // three byte tokens of one 3-byte character, only the middle one toxic, then a toxic ASCII byte
        var tokens = new TokenizedText([0xE2, 0x82, 0xAC, 0x58], [0, 0, 0, 1], [1, 1, 1, 2]);
        var p = SpanExtractor.Extract("€X", tokens, [0f, 0.9f, 0f, 0.8f], 0.5f);
        Assert.Equal([new ToxicSpan(0, 2, 0.9f)], p.Spans);
    }
}
