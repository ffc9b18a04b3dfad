namespace DataGen.Pipeline.Inspect;

/// <summary>Rows whose value lies in [From, To].</summary>
public sealed record HistogramBucket(long From, long To, long Count)
{
    public string Label => From == To ? $"{From}" : $"{From}-{To}";
}
