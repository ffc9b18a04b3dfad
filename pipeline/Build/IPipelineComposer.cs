using DataGen.Pipeline.Config;
using Microsoft.Extensions.Logging;

namespace DataGen.Pipeline.Build;

/// <summary>Builds the run's components from a validated config (the real one wires the stages; tests pass their own).</summary>
public interface IPipelineComposer
{
    ComposedPipeline Compose(PipelineConfig config, BuildOptions build, ILoggerFactory loggers);
}
