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
        RunTotals? previous = null, ManifestResume? resume = null, ManifestReplayCache? replayCache = null,
        DataGen.Stages.Llm.Resilience.BackendMeters? meters = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(counters);
        // A resumed run's counts are the earlier sessions' committed counts plus this session's.
        var stages = new[] { counters.Feed }.Concat(counters.Stages).Select(ToStage).ToList();
        var rowsWritten = counters.RowsWritten;
        var rejectsWritten = counters.RejectsWritten;
        IReadOnlyDictionary<string, long> rejectsByReason = counters.RejectsByReason;
        if (previous is not null)
        {
            stages = ManifestTotals.Merge(previous.Stages, stages);
            rowsWritten += previous.RowsWritten;
            rejectsWritten += previous.RejectsWritten;
            rejectsByReason = ManifestTotals.Merge(previous.RejectsByReason, rejectsByReason);
        }
        var usageByBackend = stages
            .SelectMany(s => s.TokenUsage)
            .GroupBy(u => u.Key, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Aggregate(new ManifestTokenUsage(0, 0, 0), (total, u) => ManifestTotals.Add(total, u.Value)), StringComparer.Ordinal);
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
            rowsWritten,
            rejectsWritten,
            rejectsByReason,
            usageByBackend,
            result.Summary is { } summary ? ToOutputs(summary) : null,
            BackendSection.Backends(meters),
            BackendSection.Budget(meters),
            resume,
            replayCache);
    }

    private static ManifestStage ToStage(StageCounters stage) => new(
        stage.Name,
        stage.DegreeOfParallelism,
        stage.In,
        stage.Out,
        stage.Rejected,
        stage.Busy.TotalSeconds,
        stage.UsageByBackend.ToDictionary(u => u.Key, u => ToUsage(u.Value), StringComparer.Ordinal));

    internal static ManifestTokenUsage ToUsage(TokenUsage usage) => new(usage.InputTokens, usage.OutputTokens, usage.TotalTokens);

    private static ManifestOutputs ToOutputs(DatasetSummary summary) => new(
        summary.Files,
        new SortedDictionary<string, long>(summary.RowsPerOutput.ToDictionary(), StringComparer.Ordinal),
        new SortedDictionary<string, long>(summary.DpoPairsByKind.ToDictionary(), StringComparer.Ordinal));
}
