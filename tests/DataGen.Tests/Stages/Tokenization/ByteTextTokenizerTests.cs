using DataGen.Stages.Tokenization;

namespace DataGen.Tests.Stages.Tokenization;

public sealed class ByteTextTokenizerTests
{
    private readonly ByteTextTokenizer _tokenizer = new();

    [Fact]
    public void Ascii_OneTokenPerChar_IdIsByteValue()
    {
        var t = _tokenizer.Encode("aX b");
        Assert.Equal([0x61, 0x58, 0x20, 0x62], t.Ids);
        Assert.Equal([0, 1, 2, 3], t.Starts);
        Assert.Equal([1, 2, 3, 4], t.Ends);
    }

    [Fact]
    public void MultiByteChar_EveryByteMapsToTheWholeChar()
    {
        var t = _tokenizer.Encode("aé€");
        Assert.Equal([0x61, 0xC3, 0xA9, 0xE2, 0x82, 0xAC], t.Ids);
        Assert.Equal([0, 1, 1, 2, 2, 2], t.Starts);
        Assert.Equal([1, 2, 2, 3, 3, 3], t.Ends);
    }

    [Fact]
    public void SurrogatePair_FourBytesMapToBothUtf16Units()
    {
        var t = _tokenizer.Encode("a\U0001F600b");
        Assert.Equal(6, t.Count);
        Assert.Equal([0x61, 0xF0, 0x9F, 0x98, 0x80, 0x62], t.Ids);
        Assert.Equal([0, 1, 1, 1, 1, 3], t.Starts);
        Assert.Equal([1, 3, 3, 3, 3, 4], t.Ends);
    }

    [Fact]
    public void LoneSurrogate_EncodesAsReplacementCharOverThatUnit()
    {
        var t = _tokenizer.Encode("a\uD800b");
        Assert.Equal([0x61, 0xEF, 0xBF, 0xBD, 0x62], t.Ids);
        Assert.Equal([0, 1, 1, 1, 2], t.Starts);
        Assert.Equal([1, 2, 2, 2, 3], t.Ends);
    }

    [Fact]
    public void SpecialIds_FollowTheContractDefaults()
    {
        Assert.Equal((256, 257, 258), (_tokenizer.PadId, _tokenizer.BosId, _tokenizer.EosId));
        Assert.Equal(0, _tokenizer.Encode("").Count);
    }
}
