using DataGen.Pipeline.Config;
using Microsoft.Extensions.Logging;

namespace DataGen.Pipeline.Build;

/// <summary>
/// The one place where concrete stages meet: PromptFileReader (adapted to IPromptFeed) → SamplingStage →
/// SpanLocatorStage → RewindStage → SynthesisStage → DatasetWriter, chat clients from ChatBackendRegistry.
/// Suggested parallelism: sampling.concurrency, classifier.concurrency, Environment.ProcessorCount (rewind is CPU-only),
/// synthesis.concurrency. Relative paths resolve against build.BaseDirectory; the sink writes to build.OutputDirectory.
/// </summary>
public sealed class PipelineComposer : IPipelineComposer
{
    public ComposedPipeline Compose(PipelineConfig config, BuildOptions build, ILoggerFactory loggers) =>
        throw new NotImplementedException("wired after merge");
}
