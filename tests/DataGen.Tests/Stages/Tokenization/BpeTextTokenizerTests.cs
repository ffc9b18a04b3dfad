using System.Text.Json;
using DataGen.Stages.Tokenization;
using DataGen.Tests.Stages.Spans;

namespace DataGen.Tests.Stages.Tokenization;

public sealed class BpeTextTokenizerTests
{
    private readonly BpeTextTokenizer _tokenizer = BpeTextTokenizer.Load(
        Path.Combine(ClassifierFixtures.Bpe, "vocab.json"), Path.Combine(ClassifierFixtures.Bpe, "merges.txt"));
    private readonly Dictionary<string, int> _vocab = JsonSerializer.Deserialize<Dictionary<string, int>>(
        File.ReadAllText(Path.Combine(ClassifierFixtures.Bpe, "vocab.json")))!;

    [Fact]
    public void Gpt2Style_WordsCarryLeadingSpace_OffsetsCoverIt()
    {
        const string text = "xbad you are xbad!";
        var t = _tokenizer.Encode(text);
        Assert.Equal([_vocab["xbad"], _vocab["Ġyou"], _vocab["Ġare"], _vocab["Ġxbad"], _vocab["!"]], t.Ids);
        Assert.Equal(["xbad", " you", " are", " xbad", "!"], Enumerable.Range(0, t.Count).Select(i => text[t.Starts[i]..t.Ends[i]]));
    }

    [Fact]
    public void MultiByteAndAstralChars_ByteTokensMapToTheWholeChar()
    {
        const string text = "é\U0001F600";
        var t = _tokenizer.Encode(text);
        Assert.Equal(6, t.Count); // 2 bytes of é, 4 bytes of the emoji, no merges apply
        Assert.Equal([0, 0, 1, 1, 1, 1], t.Starts);
        Assert.Equal([1, 1, 3, 3, 3, 3], t.Ends);
    }

    [Fact]
    public void SpecialTokens_ComeFromTheVocabulary()
    {
        Assert.Equal((_vocab["<s>"], _vocab["</s>"], _vocab["<pad>"]), (_tokenizer.BosId, _tokenizer.EosId, _tokenizer.PadId));
    }

    [Fact]
    public void ConcurrentCallers_GetTheSameTokensAsASingleCaller()
    {
        // Callers of the micro-batcher tokenize on their own threads, sharing one tokenizer.
        var texts = Enumerable.Range(0, 200).Select(i => $"xbad {i} you are{new string('!', i % 7)} xbad é").ToArray();
        var expected = texts.Select(t => _tokenizer.Encode(t).Ids).ToArray();
        var actual = new int[texts.Length][];
        Parallel.For(0, texts.Length * 5, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => actual[i % texts.Length] = _tokenizer.Encode(texts[i % texts.Length]).Ids);
        for (var i = 0; i < texts.Length; i++)
            Assert.Equal(expected[i], actual[i]);
    }
}
