using DataGen.Stages.Spans;
using DataGen.Stages.Tokenization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.ML.OnnxRuntime;

namespace DataGen.Tests.Stages.Spans;

public sealed class OnnxTokenClassifierTests
{
    private const string Descriptor = """
        {"format": "datagen-token-classifier/1", "tokenizer": {"type": "bytes"}, "max_length": 64,
         "labels": ["O", "TOXIC"], "toxic_labels": ["TOXIC"], "threshold": 0.5}
        """;

    [Fact]
    public void ByteFixture_ScoresXAsToxic_EverythingElseClean_PaddingDoesNotChangeScores()
    {
        using var model = new OnnxTokenClassifier(ClassifierDescriptor.Load(ClassifierFixtures.Bytes), "cpu", 1, NullLogger.Instance);
        var scores = model.Score([new[] { (int)'a', 'X' }, new[] { (int)'X', 'b', 'c', 'd', 'e' }]);
        Assert.Equal(2, scores[0].Length);
        Assert.Equal(5, scores[1].Length);
        Assert.Equal(0.01f, scores[0][0], 1e-4f);
        Assert.Equal(0.99f, scores[0][1], 1e-4f);
        Assert.Equal(0.99f, scores[1][0], 1e-4f);
        Assert.All(scores[1][1..], s => Assert.Equal(0.01f, s, 1e-4f));
    }

    [Fact]
    public void ThreeLabelModelWithTokenTypeIds_ToxicScoreIsTheSumOfToxicLabels()
    {
        var descriptor = ClassifierDescriptor.Load(ClassifierFixtures.WordPiece);
        using var model = new OnnxTokenClassifier(descriptor, "cpu", 1, NullLogger.Instance);
        var tokens = descriptor.Tokenizer.Encode("you xbad");
        var scores = model.Score([tokens.Ids]);
        Assert.Equal(2f / 101f, scores[0][0], 1e-5f); // logits [0, -ln 99, -ln 99]: toxic mass 2/101
        Assert.Equal(0.99f, scores[0][1], 1e-4f);
    }

    [Theory]
    [InlineData("no-input-ids", "has no input 'input_ids'")]
    [InlineData("int32-input-ids", "input 'input_ids' has element type Int32")]
    [InlineData("no-logits", "has no output 'logits'")]
    public void ModelBreakingTheContract_IsRefusedAtLoad_NamingModelOnnx(string fixture, string expected)
    {
        using var temp = new TemporaryFolder();
        var folder = temp.CopyModel(ClassifierFixtures.Bytes, Descriptor, onnxFrom: ClassifierFixtures.BadSignature(fixture));
        var e = Assert.Throws<ModelFolderException>(() => new OnnxTokenClassifier(ClassifierDescriptor.Load(folder), "cpu", 1, NullLogger.Instance));
        Assert.Contains(Path.Combine(folder, "model.onnx"), e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void LabelCountDifferentFromLogitsLastDim_IsRefusedAtLoad()
    {
        using var temp = new TemporaryFolder();
        var folder = temp.CopyModel(ClassifierFixtures.Bytes, Descriptor.Replace("[\"O\", \"TOXIC\"]", "[\"O\", \"TOXIC\", \"THREAT\"]", StringComparison.Ordinal));
        var e = Assert.Throws<ModelFolderException>(() => new OnnxTokenClassifier(ClassifierDescriptor.Load(folder), "cpu", 1, NullLogger.Instance));
        Assert.Contains("lists 3 labels; the last dimension must equal the label count", e.Message);
    }

    [Theory]
    [InlineData("cuda", LogLevel.Warning, "device cuda was requested")]
    [InlineData("cuda:1", LogLevel.Warning, "device cuda:1 was requested")]
    [InlineData("auto", LogLevel.Information, "device auto: CUDA execution provider unavailable")]
    public void CudaUnavailable_FallsBackToCpu_WithOneLogLine(string device, LogLevel level, string expected)
    {
        Assert.SkipWhen(OrtEnv.Instance().GetAvailableProviders().Contains("CUDAExecutionProvider"), "this build of ONNX Runtime has CUDA");
        using var logs = new CollectingLoggerProvider();
        using var factory = logs.CreateFactory();
        using var model = new OnnxTokenClassifier(ClassifierDescriptor.Load(ClassifierFixtures.Bytes), device, 1, factory.CreateLogger("t"));
        Assert.Equal("cpu", model.ActiveDevice);
        var line = Assert.Single(logs.Entries);
        Assert.Equal(level, line.Level);
        Assert.Contains(expected, line.Message);
        Assert.Equal(0.99f, model.Score([new[] { (int)'X' }])[0][0], 1e-4f);
    }

    [Fact]
    public void ToxicProbability_IsSoftmaxMassOfToxicLabels()
    {
        var p = OnnxTokenClassifier.ToxicProbability([0f, MathF.Log(3f)], [1]);
        Assert.Equal(0.75f, p, 1e-6f);
        var q = OnnxTokenClassifier.ToxicProbability([1000f, 1000f, 1000f, 1000f], [1, 3]);
        Assert.Equal(0.5f, q, 1e-6f);
    }
}
