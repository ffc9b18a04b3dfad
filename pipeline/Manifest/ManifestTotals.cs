using DataGen.Pipeline.Engine;

namespace DataGen.Pipeline.Manifest;

/// <summary>Adds earlier sessions' committed counts (from the resume journal) to this session's manifest figures.</summary>
internal static class ManifestTotals
{
    public static List<ManifestStage> Merge(IReadOnlyList<StageTotals> previous, IReadOnlyList<ManifestStage> current)
    {
        var byName = previous.ToDictionary(s => s.Name, StringComparer.Ordinal);
        var merged = current.Select(stage => byName.TryGetValue(stage.Name, out var before)
            ? stage with
            {
                In = stage.In + before.In,
                Out = stage.Out + before.Out,
                Rejected = stage.Rejected + before.Rejected,
                BusySeconds = stage.BusySeconds + before.BusySeconds,
                TokenUsage = Merge(before.Usage.ToDictionary(u => u.Key, u => ManifestBuilder.ToUsage(u.Value), StringComparer.Ordinal), stage.TokenUsage),
            }
            : stage).ToList();
        return merged;
    }

    public static IReadOnlyDictionary<string, long> Merge(IReadOnlyDictionary<string, long> a, IReadOnlyDictionary<string, long> b)
    {
        var sum = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var (key, value) in a.Concat(b))
            sum[key] = sum.GetValueOrDefault(key) + value;
        return sum;
    }

    public static ManifestTokenUsage Add(ManifestTokenUsage a, ManifestTokenUsage b) =>
        new(a.InputTokens + b.InputTokens, a.OutputTokens + b.OutputTokens, a.TotalTokens + b.TotalTokens);

    private static SortedDictionary<string, ManifestTokenUsage> Merge(
        IReadOnlyDictionary<string, ManifestTokenUsage> a, IReadOnlyDictionary<string, ManifestTokenUsage> b)
    {
        var sum = new SortedDictionary<string, ManifestTokenUsage>(StringComparer.Ordinal);
        foreach (var (key, value) in a.Concat(b))
            sum[key] = sum.TryGetValue(key, out var total) ? Add(total, value) : value;
        return sum;
    }
}
