using DataGen.Pipeline.Config;
using DataGen.Pipeline.Engine;
using DataGen.Stages;
using DataGen.Stages.Emit;
using DataGen.Stages.Llm;
using DataGen.Stages.Llm.Metering;
using DataGen.Stages.Llm.Resilience;
using DataGen.Stages.Llm.Onnx;
using DataGen.Stages.Llm.Replay;
using DataGen.Stages.Prompts;
using DataGen.Stages.Rewind;
using DataGen.Stages.Sampling;
using DataGen.Stages.Spans;
using DataGen.Stages.Synthesis;
using DataGen.Stages.Tokenization;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace DataGen.Pipeline.Build;

/// <summary>
/// The one place where concrete stages meet: PromptFileReader → SampleFanOut → SamplingStage → SpanLocatorStage →
/// RewindStage → SynthesisStage → DatasetWriter, chat clients from ChatBackendRegistry (openai, ollama, onnx).
/// Relative paths resolve against build.BaseDirectory; the sink writes to build.OutputDirectory.
/// </summary>
public sealed class PipelineComposer : IPipelineComposer
{
    public ComposedPipeline Compose(PipelineConfig config, BuildOptions build, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(build);
        var baseDir = build.BaseDirectory;
        var resources = new List<IAsyncDisposable>();
        try
        {
            var reader = new PromptFileReader(config.Prompts, baseDir);
            var feed = new DelegatePromptFeed(ct => ReadFeed(reader, ct), PromptCount.Estimate(reader.FullPath, build.Limit));

            var registry = new ChatBackendRegistry().Register(new OnnxBackendProvider());
            var budget = config.Budget.HasCaps || config.Budget.Prices.Count > 0 ? new BudgetTracker(config.Budget) : null;
            if (budget is not null && build.ResumeOutputs is not null)
                PreviousSpend.CarryInto(budget, build.OutputDirectory);
            var meters = new BackendMeters(budget);
            var replay = ReplayCachePath(config.Run.ReplayCache, baseDir, build.OutputDirectory) is { } cachePath ? new ReplayCacheStore(cachePath, loggers.CreateLogger<ReplayCacheStore>()) : null;
            if (replay is not null)
                resources.Add(new DisposableResource(replay));
            var context = new BackendContext(baseDir, loggers, meters);
            var clients = new Dictionary<string, IChatClient>(StringComparer.Ordinal);
            IChatClient ClientFor(string name)
            {
                // Sampling and synthesis share one client (one loaded model, one concurrency limit) when they name the same backend.
                if (!clients.TryGetValue(name, out var client))
                {
                    client = registry.Create(name, config.Backends[name], context);
                    // Outermost, so a replayed answer skips the concurrency limit and the timeout.
                    if (replay is not null)
                        client = new ReplayCacheChatClient(client, replay, Fingerprint(name, config.Backends[name]));
                    clients[name] = client;
                    resources.Add(new DisposableResource(client));
                }
                return client;
            }

            var classifier = SpanClassifierFactory.Create(config.Classifier, baseDir, loggers);
            resources.Add(classifier);
            var tokens = TokenCounterFactory.Create(config.Rewind.Tokenizer, baseDir);

            var samplingTemplate = config.Sampling.Template is { Length: > 0 } st ? PromptTemplate.Load(Path.GetFullPath(st, baseDir)) : null;
            var synthesisTemplate = PromptTemplate.Load(Path.GetFullPath(config.Synthesis.Template, baseDir));

            var sampling = new SamplingStage(config.Sampling, ClientFor(config.Sampling.Backend), config.Sampling.Backend, build.RunSeed, samplingTemplate);
            var spans = new SpanLocatorStage(classifier);
            var rewind = new RewindStage(config.Rewind, classifier, tokens);
            var synthesis = new SynthesisStage(config.Synthesis, ClientFor(config.Synthesis.Backend), config.Synthesis.Backend, synthesisTemplate, classifier, build.RunSeed);
            var sink = new DatasetWriter(build.OutputDirectory, config.Emit, build.RunSeed, tokens, build.ResumeOutputs);

            var models = new List<ModelIdentity> { classifier.Identity };
            foreach (var name in clients.Keys.Order(StringComparer.Ordinal))
            {
                var backend = config.Backends[name];
                if (backend.Type == "onnx" && backend.Path is { } path)
                {
                    var descriptor = CausalLmDescriptor.Load(Path.GetFullPath(path, baseDir));
                    models.Add(new ModelIdentity(descriptor.OnnxPath, FileHash.Sha256(descriptor.OnnxPath), "causal-lm"));
                }
            }

            var composed = ComposedPipeline.Create(
                feed,
                new SampleFanOut(config.Sampling.SamplesPerPrompt),
                (sampling, config.Sampling.Concurrency),
                (spans, config.Classifier.Concurrency),
                (rewind, Math.Max(2, Environment.ProcessorCount)),
                (synthesis, config.Synthesis.Concurrency),
                sink,
                models,
                resources);
            composed.Meters = meters;
            if (replay is null)
                return composed;
            return new ComposedPipeline(composed.Feed, composed.Stages, composed.Sink, composed.Models, composed.Resources)
            {
                Meters = meters,
                ReplayCacheFigures = () => new Manifest.ManifestReplayCache(replay.Path, replay.Hits, replay.Misses, replay.WriteErrors),
            };
        }
        catch
        {
            for (var i = resources.Count - 1; i >= 0; i--)
                resources[i].DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw;
        }
    }

    public const string DefaultReplayCacheFile = "llm-cache.sqlite";

    /// <summary>run.replay_cache: true → RUN/llm-cache.sqlite, false → off, anything else → a path relative to the config.</summary>
    private static string? ReplayCachePath(string setting, string baseDir, string runFolder) => setting.Trim().ToLowerInvariant() switch
    {
        "true" or "yes" or "on" => Path.Combine(runFolder, DefaultReplayCacheFile),
        "false" or "no" or "off" => null,
        _ => Path.GetFullPath(setting, baseDir),
    };

    /// <summary>What identifies a backend's answers: name, type, endpoint, model file or id (not secrets, not limits).</summary>
    private static string Fingerprint(string name, BackendOptions backend) =>
        string.Join('|', name, backend.Type, backend.BaseUrl ?? "", backend.Model ?? "", backend.Path ?? "", backend.ContinueFinalMessage ? "prefill" : "");

    private static async IAsyncEnumerable<PromptFeedItem> ReadFeed(PromptFileReader reader, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var result in reader.ReadAsync(ct).ConfigureAwait(false))
            yield return result.Prompt is { } prompt ? PromptFeedItem.Of(prompt) : PromptFeedItem.Rejected(result.Reject!);
    }

    /// <summary>Lets the run's resource list hold chat clients, which are only IDisposable.</summary>
    private sealed class DisposableResource(IDisposable inner) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            inner.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
