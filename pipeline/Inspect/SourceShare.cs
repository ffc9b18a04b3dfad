namespace DataGen.Pipeline.Inspect;

/// <summary>Samples from one prompt source and how many of them had a violation.</summary>
public sealed record SourceShare(string Source, long Samples, long Violating)
{
    public double Share => Samples == 0 ? 0 : (double)Violating / Samples;
}
