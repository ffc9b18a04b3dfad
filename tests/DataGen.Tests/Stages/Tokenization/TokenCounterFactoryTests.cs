using DataGen.Stages.Tokenization;
using DataGen.Tests.Stages.Spans;

namespace DataGen.Tests.Stages.Tokenization;

public sealed class TokenCounterFactoryTests
{
    [Fact]
    public void Bytes_IsTheUtf8ByteCounter()
    {
        Assert.Same(Utf8ByteTokenCounter.Instance, TokenCounterFactory.Create("bytes", "/"));
    }

    [Fact]
    public void DescriptorSayingBytes_IsTheUtf8ByteCounter_RelativeToBaseDirectory()
    {
        Assert.Same(Utf8ByteTokenCounter.Instance, TokenCounterFactory.Create("test-classifier", ClassifierFixtures.Root));
    }

    [Fact]
    public void BpeFolder_CountsBpeTokens()
    {
        using var folder = new TemporaryFolder();
        File.Copy(Path.Combine(ClassifierFixtures.Bpe, "vocab.json"), folder.File("vocab.json"));
        File.Copy(Path.Combine(ClassifierFixtures.Bpe, "merges.txt"), folder.File("merges.txt"));
        var counter = TokenCounterFactory.Create(folder.Path, "/");
        Assert.Equal(3, counter.CountTokens("xbad you are")); // xbad, Ġyou, Ġare
        Assert.StartsWith("bpe:", counter.Name);
    }

    [Fact]
    public void WordPieceFolder_CountsWordPieceTokens()
    {
        using var folder = new TemporaryFolder();
        File.Copy(Path.Combine(ClassifierFixtures.WordPiece, "vocab.txt"), folder.File("vocab.txt"));
        var counter = TokenCounterFactory.Create(folder.Path, "/");
        Assert.Equal(4, counter.CountTokens("you are xbads")); // you, are, xbad, ##s
    }

    [Fact]
    public void FolderWithoutTokenizer_ErrorNamesFolderAndWhatIsExpected()
    {
        using var folder = new TemporaryFolder();
        var e = Assert.Throws<ModelFolderException>(() => TokenCounterFactory.Create(folder.Path, "/"));
        Assert.Contains(folder.Path, e.Message);
        Assert.Contains("vocab.json+merges.txt", e.Message);
    }

    [Fact]
    public void MissingFolder_ErrorNamesIt()
    {
        var e = Assert.Throws<ModelFolderException>(() => TokenCounterFactory.Create("no-such-tokenizer", "/tmp"));
        Assert.Contains("/tmp/no-such-tokenizer", e.Message);
    }
}
