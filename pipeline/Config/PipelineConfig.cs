using DataGen.Stages.Emit;
using DataGen.Stages.Llm;
using DataGen.Stages.Llm.Metering;
using DataGen.Stages.Prompts;
using DataGen.Stages.Rewind;
using DataGen.Stages.Sampling;
using DataGen.Stages.Spans;
using DataGen.Stages.Synthesis;
using DataGen.Stages.Training;

namespace DataGen.Pipeline.Config;

/// <summary>The root of pipeline.yaml; keys are the snake_case forms of these property names.</summary>
public sealed class PipelineConfig
{
    public RunOptions Run { get; set; } = new();
    public PromptSourceOptions Prompts { get; set; } = new();
    public Dictionary<string, BackendOptions> Backends { get; set; } = new(StringComparer.Ordinal);
    public SamplingOptions Sampling { get; set; } = new();
    public ClassifierOptions Classifier { get; set; } = new();
    public RewindOptions Rewind { get; set; } = new();
    public SynthesisOptions Synthesis { get; set; } = new();
    public EmitOptions Emit { get; set; } = new();
    public TrainOptions Train { get; set; } = new();
    public BudgetOptions Budget { get; set; } = new();
    public DataGen.Pipeline.Serve.ServeOptions Serve { get; set; } = new();
}
