using System.Text.Json.Nodes;
using DataGen.Stages.Llm.Onnx;

namespace DataGen.Tests.Stages.Llm.Onnx;

public sealed class CausalLmDescriptorTests
{
    [Fact]
    public void Load_ReadsTheFixtureContract()
    {
        var model = CausalLmDescriptor.Load(TinyLm.Folder);
        Assert.Equal(400, model.VocabSize);
        Assert.Equal((256, 257, 258), (model.PadId, model.BosId, model.EosId));
        Assert.Equal(259, model.SpecialTokens["[RESET]"]);
        Assert.Equal("datagen-tiny-random-lm", model.Name);
        Assert.True(File.Exists(model.OnnxPath));
    }

    [Theory]
    [InlineData("num_layers", "\"two\"")]
    [InlineData("vocab_size", "12")]
    [InlineData("format", "\"something-else/2\"")]
    [InlineData("pad_id", "4000")]
    public void Load_BadValue_OneLineErrorNamingFileAndKey(string key, string badJson)
    {
        var folder = TinyLm.CopyToTemp();
        try
        {
            Rewrite(folder, json => json[key] = JsonNode.Parse(badJson));
            var error = Assert.Throws<InvalidDataException>(() => CausalLmDescriptor.Load(folder));
            Assert.Contains("model.json", error.Message, StringComparison.Ordinal);
            Assert.Contains($"'{key}'", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain('\n', error.Message);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Load_MissingKey_SaysItIsMissing()
    {
        var folder = TinyLm.CopyToTemp();
        try
        {
            Rewrite(folder, json => json.Remove("head_dim"));
            var error = Assert.Throws<InvalidDataException>(() => CausalLmDescriptor.Load(folder));
            Assert.Contains("'head_dim' is missing", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Load_MissingOnnxFile_NamesTheKeyAndPath()
    {
        var folder = TinyLm.CopyToTemp();
        try
        {
            File.Delete(Path.Combine(folder, "model.onnx"));
            var error = Assert.Throws<FileNotFoundException>(() => CausalLmDescriptor.Load(folder));
            Assert.Contains("key 'onnx'", error.Message, StringComparison.Ordinal);
            Assert.Contains("model.onnx", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Load_MissingFolder_NamesModelJson()
    {
        var error = Assert.Throws<FileNotFoundException>(() => CausalLmDescriptor.Load(Path.Combine(Path.GetTempPath(), "no-such-model-" + Guid.NewGuid())));
        Assert.Contains("model.json", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_InvalidJson_GivesTheLine()
    {
        var folder = TinyLm.CopyToTemp();
        try
        {
            File.WriteAllText(Path.Combine(folder, "model.json"), "{\n \"format\": \"datagen-causal-lm/1\",\n oops\n}");
            var error = Assert.Throws<InvalidDataException>(() => CausalLmDescriptor.Load(folder));
            Assert.Contains("model.json: line 3", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    internal static void Rewrite(string folder, Action<JsonObject> change)
    {
        var path = Path.Combine(folder, "model.json");
        var json = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        change(json);
        File.WriteAllText(path, json.ToJsonString());
    }
}
