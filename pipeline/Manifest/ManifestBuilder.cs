using System.Reflection;
using DataGen.Pipeline.Engine;
using DataGen.Schemas;
using DataGen.Stages.Emit;
using DataGen.Stages.Spans;

namespace DataGen.Pipeline.Manifest;

/// <summary>Assembles the manifest from the run's counters, the engine's result and what the run was started with.</summary>
public static class ManifestBuilder
{
    public static string DatagenVersion { get; } =
        typeof(ManifestBuilder).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    public static RunManifest Build(
        EngineResult result, RunCounters counters, ManifestConfig config, long runSeed,
        IReadOnlyList<ModelIdentity> models, DateTimeOffset startedUtc, DateTimeOffset endedUtc,
        DataGen.Stages.Llm.Resilience.BackendMeters? meters = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(counters);
        var stages = new[] { counters.Feed }.Concat(counters.Stages).Select(ToStage).ToList();
        var usageByBackend = counters.Stages
            .SelectMany(s => s.UsageByBackend)
            .GroupBy(u => u.Key, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => ToUsage(g.Aggregate(TokenUsage.Zero, (total, u) => total.Add(u.Value))), StringComparer.Ordinal);
        return new RunManifest(
            result.Status,
            result.ExitCode,
            result.Error,
            DatagenVersion,
            startedUtc,
            endedUtc,
            (endedUtc - startedUtc).TotalSeconds,
            config,
            new ManifestSeeds(runSeed),
            [.. models.Select(m => new ManifestModel(m.Kind, m.Path, m.Sha256))],
            stages,
            counters.RowsWritten,
            counters.RejectsWritten,
            counters.RejectsByReason,
            usageByBackend,
            result.Summary is { } summary ? ToOutputs(summary) : null,
            BackendSection.Backends(meters),
            BackendSection.Budget(meters));
    }

    private static ManifestStage ToStage(StageCounters stage) => new(
        stage.Name,
        stage.DegreeOfParallelism,
        stage.In,
        stage.Out,
        stage.Rejected,
        stage.Busy.TotalSeconds,
        stage.UsageByBackend.ToDictionary(u => u.Key, u => ToUsage(u.Value), StringComparer.Ordinal));

    private static ManifestTokenUsage ToUsage(TokenUsage usage) => new(usage.InputTokens, usage.OutputTokens, usage.TotalTokens);

    private static ManifestOutputs ToOutputs(DatasetSummary summary) => new(
        summary.Files,
        new SortedDictionary<string, long>(summary.RowsPerOutput.ToDictionary(), StringComparer.Ordinal),
        new SortedDictionary<string, long>(summary.DpoPairsByKind.ToDictionary(), StringComparer.Ordinal));
}
