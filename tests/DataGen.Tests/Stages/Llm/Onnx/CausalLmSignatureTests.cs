using System.Text.Json.Nodes;
using DataGen.Stages.Llm.Onnx;

namespace DataGen.Tests.Stages.Llm.Onnx;

public sealed class CausalLmSignatureTests
{
    [Theory]
    [InlineData("num_layers", 3, "present.* outputs")]
    [InlineData("num_heads", 4, "axis 1")]
    [InlineData("head_dim", 8, "axis 3")]
    [InlineData("vocab_size", 512, "axis 2")]
    public void Load_GraphDisagreesWithModelJson_ErrorNamesModelOnnx(string key, int value, string expected)
    {
        var folder = TinyLm.CopyToTemp();
        try
        {
            CausalLmDescriptorTests.Rewrite(folder, json => json[key] = value);
            var error = Assert.Throws<InvalidDataException>(() => OnnxCausalLm.Load(folder, "cpu"));
            Assert.StartsWith(Path.Combine(folder, "model.onnx") + ":", error.Message, StringComparison.Ordinal);
            Assert.Contains(expected, error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain('\n', error.Message);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Load_NotAnOnnxGraph_ErrorNamesModelOnnx()
    {
        var folder = TinyLm.CopyToTemp();
        try
        {
            File.WriteAllText(Path.Combine(folder, "model.onnx"), "not a graph");
            var error = Assert.Throws<InvalidDataException>(() => OnnxCausalLm.Load(folder, "cpu"));
            Assert.Contains("model.onnx: ONNX Runtime cannot load", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
