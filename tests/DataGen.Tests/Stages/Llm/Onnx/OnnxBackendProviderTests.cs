using DataGen.Stages.Llm;
using DataGen.Stages.Llm.Onnx;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.ML.OnnxRuntime;

namespace DataGen.Tests.Stages.Llm.Onnx;

public sealed class OnnxBackendProviderTests
{
    [Fact]
    public async Task Create_ResolvesThePathAgainstTheConfigFolder_AndGenerates()
    {
        var options = new BackendOptions { Type = "onnx", Path = Path.Combine("Fixtures", "tiny-lm"), Device = "cpu", MaxBatchSize = 2 };
        var provider = new OnnxBackendProvider();
        using var client = provider.Create("local", options, new BackendContext(AppContext.BaseDirectory, NullLoggerFactory.Instance));
        var response = await client.GetResponseAsync("Hi", new ChatOptions { MaxOutputTokens = 3, Temperature = 0 }, TestContext.Current.CancellationToken);
        Assert.Equal("onnx", provider.Type);
        Assert.Equal("datagen-tiny-random-lm", response.ModelId);
        Assert.InRange(response.Usage!.OutputTokenCount!.Value, 1, 3);
    }

    [Fact]
    public void Create_CudaOnACpuBuild_FallsBackToCpu()
    {
        var options = new BackendOptions { Type = "onnx", Path = TinyLm.Folder, Device = "cuda:0" };
        using var client = new OnnxBackendProvider().Create("local", options, new BackendContext("/", NullLoggerFactory.Instance));
        var device = client.GetService<OnnxCausalLm>()!.ExecutionDevice;
        if (OrtEnv.Instance().GetAvailableProviders().Contains("CUDAExecutionProvider"))
            Assert.Contains(device, new[] { "cpu", "cuda:0" });
        else
            Assert.Equal("cpu", device);
    }
}
