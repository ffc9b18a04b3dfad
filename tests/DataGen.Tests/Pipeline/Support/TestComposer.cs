using DataGen.Pipeline.Build;
using DataGen.Pipeline.Config;
using DataGen.Stages.Spans;
using Microsoft.Extensions.Logging;

namespace DataGen.Tests.Pipeline.Support;

/// <summary>Composes the test chain in place of the real stages; remembers what it was asked for and the sink it made.</summary>
internal sealed class TestComposer(TestChain chain, int prompts, Func<CancellationToken, Task>? beforeWrite = null) : IPipelineComposer
{
    public BuildOptions? Build { get; private set; }
    public RecordingSink? Sink { get; private set; }

    public ComposedPipeline Compose(PipelineConfig config, BuildOptions build, ILoggerFactory loggers)
    {
        Build = build;
        Sink = new RecordingSink(beforeWrite);
        chain.Attach(Sink);
        var models = new List<ModelIdentity> { new("models/tagger/model.onnx", new string('a', 64), "token-classifier") };
        return new ComposedPipeline(ListPromptFeed.Of(TestRows.Prompts(prompts)), chain.Build(), Sink, models, []);
    }
}
