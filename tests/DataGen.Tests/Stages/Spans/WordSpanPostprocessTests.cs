using DataGen.Stages.Spans;

namespace DataGen.Tests.Stages.Spans;

public sealed class WordSpanPostprocessTests
{
    private static float[] Scores(string text, params (int Start, int End, float Score)[] marks)
    {
        var scores = new float[text.Length];
        foreach (var (start, end, score) in marks)
            Array.Fill(scores, score, start, end - start);
        return scores;
    }

    [Fact]
    public void A_word_is_marked_whole_when_its_mean_character_score_reaches_the_threshold()
    {
        const string text = "you are stupid ok";
        // "stupid" (8..14): three characters at 0.75, three at 0.25 -> mean exactly 0.5 (binary-exact values).
        var scores = Scores(text, (8, 11, 0.75f), (11, 14, 0.25f));

        var spans = new WordSpanPostprocess(WholeWords: true, BridgeGaps: false, Threshold: 0.5f).Apply(text, scores);
        var below = new WordSpanPostprocess(WholeWords: true, BridgeGaps: false, Threshold: 0.51f).Apply(text, scores);

        var span = Assert.Single(spans);
        Assert.Equal((8, 14, 0.75f), (span.Start, span.End, span.Score));
        Assert.Empty(below);
    }

    [Fact]
    public void Short_gaps_between_marked_words_are_bridged_on_one_line_only()
    {
        const string text = "dumb idiot\nmoron";
        var scores = Scores(text, (0, 4, 0.9f), (5, 10, 0.8f), (11, 16, 0.7f));

        var bridged = new WordSpanPostprocess(true, BridgeGaps: true, 0.5f).Apply(text, scores);
        var plain = new WordSpanPostprocess(true, BridgeGaps: false, 0.5f).Apply(text, scores);

        Assert.Equal([(0, 10), (11, 16)], bridged.Select(s => (s.Start, s.End)));
        Assert.Equal([(0, 4), (5, 10), (11, 16)], plain.Select(s => (s.Start, s.End)));
    }

    [Fact]
    public void A_gap_longer_than_two_characters_is_not_bridged()
    {
        const string text = "dumb - - idiot";
        var scores = Scores(text, (0, 4, 0.9f), (9, 14, 0.9f));

        var spans = new WordSpanPostprocess(true, true, 0.5f).Apply(text, scores);

        Assert.Equal([(0, 4), (9, 14)], spans.Select(s => (s.Start, s.End)));
    }

    [Fact]
    public void Without_whole_words_characters_are_marked_one_by_one()
    {
        const string text = "abcdef";
        var scores = Scores(text, (1, 3, 0.6f));

        var span = Assert.Single(new WordSpanPostprocess(false, false, 0.5f).Apply(text, scores));

        Assert.Equal((1, 3), (span.Start, span.End));
    }
}
