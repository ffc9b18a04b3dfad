namespace DataGen.Stages.Emit;

/// <summary>Counts rows and pairs that were not emitted, keyed "output_or_kind:reason" (e.g. "recover:empty_remainder").</summary>
public sealed class SkipTally
{
    private readonly SortedDictionary<string, long> _counts = new(StringComparer.Ordinal);

    public void Count(string what, string reason)
    {
        var key = what + ":" + reason;
        _counts[key] = _counts.GetValueOrDefault(key) + 1;
    }

    public IReadOnlyDictionary<string, long> Snapshot() => new Dictionary<string, long>(_counts, StringComparer.Ordinal);
}
