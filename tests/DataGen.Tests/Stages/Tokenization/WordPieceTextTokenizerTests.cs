using DataGen.Stages.Tokenization;
using DataGen.Tests.Stages.Spans;

namespace DataGen.Tests.Stages.Tokenization;

public sealed class WordPieceTextTokenizerTests
{
    private readonly WordPieceTextTokenizer _tokenizer = WordPieceTextTokenizer.Load(Path.Combine(ClassifierFixtures.WordPiece, "vocab.txt"), lowercase: true);
    private readonly string[] _vocab = File.ReadAllLines(Path.Combine(ClassifierFixtures.WordPiece, "vocab.txt"));

    private int Id(string token) => Array.IndexOf(_vocab, token);

    [Fact]
    public void Lowercases_SplitsPunctuationAndSubwords_OffsetsIndexOriginalText()
    {
        const string text = "You are XBAD, xbads!";
        var t = _tokenizer.Encode(text);
        Assert.Equal([Id("you"), Id("are"), Id("xbad"), Id(","), Id("xbad"), Id("##s"), Id("!")], t.Ids);
        Assert.Equal(["You", "are", "XBAD", ",", "xbad", "s", "!"], Enumerable.Range(0, t.Count).Select(i => text[t.Starts[i]..t.Ends[i]]));
    }

    [Fact]
    public void UnknownWord_IsOneUnkTokenCoveringTheWord_EvenWithSurrogates()
    {
        const string text = "héllo \U0001F600 xbad";
        var t = _tokenizer.Encode(text);
        Assert.Equal([Id("[UNK]"), Id("[UNK]"), Id("xbad")], t.Ids);
        Assert.Equal([0, 6, 9], t.Starts);
        Assert.Equal([5, 8, 13], t.Ends);
    }

    [Fact]
    public void SpecialTokens_AreClsSepPad()
    {
        Assert.Equal((Id("[CLS]"), Id("[SEP]"), Id("[PAD]")), (_tokenizer.BosId, _tokenizer.EosId, _tokenizer.PadId));
    }

    [Fact]
    public void MissingSpecialToken_ErrorNamesVocabAndToken()
    {
        using var folder = new TemporaryFolder();
        var vocab = folder.File("vocab.txt");
        File.WriteAllLines(vocab, ["[UNK]", "[SEP]", "[PAD]", "hello"]);
        var e = Assert.Throws<ModelFolderException>(() => WordPieceTextTokenizer.Load(vocab, lowercase: true));
        Assert.Contains(vocab, e.Message);
        Assert.Contains("'[CLS]'", e.Message);
    }
}
