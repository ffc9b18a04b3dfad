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

    [Fact]
    public void Relative_rule_keeps_only_words_near_the_best_word_and_lets_a_weak_word_join()
    {
        const string text = "you stupid idiot are fine";
        // you 0.3, stupid 0.9, idiot 0.5, are 0.3, fine 0.125 (binary-exact values).
        var scores = Scores(text, (0, 3, 0.3f), (4, 10, 0.9f), (11, 16, 0.5f), (17, 20, 0.3f), (21, 25, 0.125f));

        var plain = new WordSpanPostprocess(true, false, 0.375f).Apply(text, scores);
        // cut = max(0.25, 0.5 * 0.9 = 0.45): stupid and idiot pass, you/are (0.3) do not.
        var relative = new WordSpanPostprocess(true, false, 0.375f, MinWordScore: 0.25, RelativeToMax: 0.5).Apply(text, scores);
        // cut = max(0.25, 0): the weak words at 0.3 join once the text passed the gate.
        var lowFloor = new WordSpanPostprocess(true, false, 0.375f, MinWordScore: 0.25).Apply(text, scores);
        // cut = 0.8 * 0.9 = 0.72: only the best word.
        var strict = new WordSpanPostprocess(true, false, 0.375f, MinWordScore: 0.25, RelativeToMax: 0.8).Apply(text, scores);

        Assert.Equal([(4, 10), (11, 16)], plain.Select(s => (s.Start, s.End)));
        Assert.Equal([(4, 10), (11, 16)], relative.Select(s => (s.Start, s.End)));
        Assert.Equal([(0, 3), (4, 10), (11, 16), (17, 20)], lowFloor.Select(s => (s.Start, s.End)));
        Assert.Equal([(4, 10)], strict.Select(s => (s.Start, s.End)));
    }

    [Fact]
    public void Relative_rule_leaves_a_text_clean_when_its_best_word_misses_the_gate()
    {
        const string text = "a mild remark";
        var scores = Scores(text, (2, 6, 0.3f), (7, 13, 0.25f));

        var spans = new WordSpanPostprocess(true, true, 0.375f, MinWordScore: 0.125, RelativeToMax: 0.5).Apply(text, scores);

        Assert.Empty(spans);
    }
}
