using DataGen.Pipeline.Engine;
using DataGen.Schemas;
using DataGen.Stages;
using DataGen.Stages.Emit;
using DataGen.Stages.Sampling;
using DataGen.Stages.Spans;

namespace DataGen.Pipeline.Build;

/// <summary>
/// Everything a run needs, built from the config: the prompt feed, the stage chain with each stage's degree of
/// parallelism, the sink (owned by the engine once the run starts), model identities for the manifest and the
/// resources to dispose after the run (classifier sessions, chat clients).
/// </summary>
public sealed class ComposedPipeline(
    IPromptFeed feed, IReadOnlyList<StageBinding> stages, IDatasetSink sink, IReadOnlyList<ModelIdentity> models, IReadOnlyList<IAsyncDisposable> resources)
    : IAsyncDisposable
{
    public IPromptFeed Feed { get; } = feed;
    public IReadOnlyList<StageBinding> Stages { get; } = stages;
    public IDatasetSink Sink { get; } = sink;
    public IReadOnlyList<ModelIdentity> Models { get; } = models;
    public IReadOnlyList<IAsyncDisposable> Resources { get; } = resources;

    /// <summary>Retry, concurrency, usage and budget meters of the run's backends (null when the composer keeps none).</summary>
    public DataGen.Stages.Llm.Resilience.BackendMeters? Meters { get; set; }

    /// <summary>The LLM replay cache's figures for the manifest; null when the cache is off.</summary>
    public Func<Manifest.ManifestReplayCache>? ReplayCacheFigures { get; init; }

    public Manifest.ManifestReplayCache? ReplayCache => ReplayCacheFigures?.Invoke();

    /// <summary>The DataGen chain: fan-out → sampling → spans → rewind → synthesis, typed so a miswiring does not compile.</summary>
    public static ComposedPipeline Create(
        IPromptFeed feed,
        IStage<PromptRecord, SampleRequest> fanOut,
        (IStage<SampleRequest, Sample> Stage, int Parallelism) sampling,
        (IStage<Sample, ScoredSample> Stage, int Parallelism) spans,
        (IStage<ScoredSample, PlannedSample> Stage, int Parallelism) rewind,
        (IStage<PlannedSample, FinishedSample> Stage, int Parallelism) synthesis,
        IDatasetSink sink,
        IReadOnlyList<ModelIdentity> models,
        IReadOnlyList<IAsyncDisposable> resources) =>
        new(feed,
            [
                // Fan-out only enumerates sample indices; one worker keeps it cheap and in order.
                StageBinding.Create(fanOut, 1),
                StageBinding.Create(sampling.Stage, sampling.Parallelism),
                StageBinding.Create(spans.Stage, spans.Parallelism),
                StageBinding.Create(rewind.Stage, rewind.Parallelism),
                StageBinding.Create(synthesis.Stage, synthesis.Parallelism),
            ],
            sink, models, resources);

    /// <summary>Disposes the resources in reverse order of creation; the sink is the engine's to dispose.</summary>
    public async ValueTask DisposeAsync()
    {
        for (var i = Resources.Count - 1; i >= 0; i--)
            await Resources[i].DisposeAsync().ConfigureAwait(false);
    }
}
