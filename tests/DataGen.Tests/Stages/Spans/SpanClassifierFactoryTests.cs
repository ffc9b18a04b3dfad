using DataGen.Stages.Spans;
using DataGen.Stages.Tokenization;
using Microsoft.Extensions.Logging.Abstractions;

namespace DataGen.Tests.Stages.Spans;

public sealed class SpanClassifierFactoryTests
{
    [Fact]
    public async Task RelativeModelPath_ResolvesAgainstBaseDirectory()
    {
        await using var classifier = SpanClassifierFactory.Create(new ClassifierOptions { Model = "test-classifier", Device = "cpu" }, ClassifierFixtures.Root, NullLoggerFactory.Instance);
        Assert.Equal(Path.Combine(ClassifierFixtures.Bytes, "model.onnx"), classifier.Identity.Path);
        Assert.True((await classifier.ClassifyAsync("X", TestContext.Current.CancellationToken)).IsToxic);
    }

    [Fact]
    public void InvalidOptions_AreRefusedWithTheKeyName()
    {
        var e = Assert.Throws<ArgumentException>(() => SpanClassifierFactory.Create(new ClassifierOptions { Model = "m", Device = "tpu" }, "/", NullLoggerFactory.Instance));
        Assert.Contains("classifier.device", e.Message);
    }

    [Fact]
    public void MissingModelFolder_ErrorNamesTheResolvedPath()
    {
        var e = Assert.Throws<ModelFolderException>(() => SpanClassifierFactory.Create(new ClassifierOptions { Model = "nope" }, ClassifierFixtures.Root, NullLoggerFactory.Instance));
        Assert.Contains(Path.Combine(ClassifierFixtures.Root, "nope"), e.Message);
    }
}
