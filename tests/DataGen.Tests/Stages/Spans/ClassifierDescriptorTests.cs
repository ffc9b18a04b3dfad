using DataGen.Stages.Spans;
using DataGen.Stages.Tokenization;

namespace DataGen.Tests.Stages.Spans;

public sealed class ClassifierDescriptorTests
{
    private const string Valid = """
        {"format": "datagen-token-classifier/1", "onnx": "model.onnx", "tokenizer": {"type": "bytes"},
         "max_length": 64, "labels": ["O", "TOXIC"], "toxic_labels": ["TOXIC"], "threshold": 0.4, "name": "t"}
        """;

    [Fact]
    public void ValidDescriptor_LoadsEveryField()
    {
        using var temp = new TemporaryFolder();
        var d = ClassifierDescriptor.Load(temp.CopyModel(ClassifierFixtures.Bytes, Valid));
        Assert.Equal(64, d.MaxLength);
        Assert.Equal(0.4f, d.Threshold);
        Assert.Equal([1], d.ToxicLabelIndexes);
        Assert.Equal("bytes", d.Tokenizer.Kind);
        Assert.EndsWith("model.onnx", d.OnnxPath);
    }

    [Fact]
    public void MissingFolderOrFile_ErrorNamesThePathAndTheFix()
    {
        using var temp = new TemporaryFolder();
        var e = Assert.Throws<ModelFolderException>(() => ClassifierDescriptor.Load(temp.Path));
        Assert.Contains(Path.Combine(temp.Path, "classifier.json"), e.Message);
        Assert.Contains("needs classifier.json", e.Message);
        var missing = Assert.Throws<ModelFolderException>(() => ClassifierDescriptor.Load(temp.File("nope")));
        Assert.Contains("folder not found", missing.Message);
    }

    [Theory]
    [InlineData("\"tokenizer\": {\"type\": \"bytes\"}", "\"tokenizer\": {\"type\": \"sentencepiece\"}", "'tokenizer.type' has unknown value 'sentencepiece'")]
    [InlineData("\"toxic_labels\": [\"TOXIC\"], ", "", "'toxic_labels' is missing")]
    [InlineData("[\"TOXIC\"], \"threshold\"", "[\"BAD\"], \"threshold\"", "'toxic_labels' names 'BAD', which is not in labels [O, TOXIC]")]
    [InlineData("\"labels\": [\"O\", \"TOXIC\"], ", "", "'labels' is missing")]
    [InlineData("\"threshold\": 0.4", "\"threshold\": 1.5", "'threshold' must be a number in (0, 1)")]
    [InlineData("\"onnx\": \"model.onnx\"", "\"onnx\": \"other.onnx\"", "key 'onnx' names 'other.onnx'")]
    [InlineData("\"tokenizer\": {\"type\": \"bytes\"}", "\"tokenizer\": {\"type\": \"wordpiece\", \"vocab\": \"missing.txt\"}", "missing.txt: WordPiece vocabulary not found")]
    [InlineData("\"format\": \"datagen-token-classifier/1\"", "\"format\": \"datagen-causal-lm/1\"", "key 'format' is 'datagen-causal-lm/1'")]
    public void BadDescriptor_OneLineErrorNamesFileAndKey(string find, string replace, string expected)
    {
        using var temp = new TemporaryFolder();
        var folder = temp.CopyModel(ClassifierFixtures.Bytes, Valid.Replace(find, replace, StringComparison.Ordinal));
        var e = Assert.Throws<ModelFolderException>(() => ClassifierDescriptor.Load(folder));
        Assert.Contains(expected, e.Message);
        Assert.Contains(folder, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void RelativeWordPostprocess_LoadsMinWordScoreAndRelativeToMax()
    {
        using var temp = new TemporaryFolder();
        var json = Valid.Replace("\"name\": \"t\"", "\"name\": \"t\", \"postprocess\": {\"whole_words\": true, \"bridge_gaps\": true, " +
            "\"threshold\": 0.375, \"min_word_score\": 0.25, \"relative_to_max\": 0.5}", StringComparison.Ordinal);
        var d = ClassifierDescriptor.Load(temp.CopyModel(ClassifierFixtures.Bytes, json));
        Assert.Equal(new WordSpanPostprocess(true, true, 0.375f, 0.25, 0.5), d.Postprocess);
    }

    [Theory]
    [InlineData("\"min_word_score\": 1.5", "'postprocess.min_word_score' must be a number in (0, 1)")]
    [InlineData("\"relative_to_max\": -0.1", "'postprocess.relative_to_max' must be a number in [0, 1)")]
    [InlineData("\"relative_to_max\": \"half\"", "'postprocess.relative_to_max' must be a number in [0, 1)")]
    public void BadRelativeWordPostprocess_OneLineErrorNamesTheKey(string entry, string expected)
    {
        using var temp = new TemporaryFolder();
        var json = Valid.Replace("\"name\": \"t\"", "\"name\": \"t\", \"postprocess\": {\"whole_words\": true, \"bridge_gaps\": true, " +
            "\"threshold\": 0.375, " + entry + "}", StringComparison.Ordinal);
        var folder = temp.CopyModel(ClassifierFixtures.Bytes, json);
        var e = Assert.Throws<ModelFolderException>(() => ClassifierDescriptor.Load(folder));
        Assert.Contains(expected, e.Message);
        Assert.Contains(folder, e.Message);
    }

    [Fact]
    public void InvalidJson_ErrorNamesFileAndLine()
    {
        using var temp = new TemporaryFolder();
        var folder = temp.CopyModel(ClassifierFixtures.Bytes, "{\n  \"labels\": [\"O\",\n}");
        var e = Assert.Throws<ModelFolderException>(() => ClassifierDescriptor.Load(folder));
        Assert.Contains("classifier.json: invalid JSON at line 3", e.Message);
    }
}
