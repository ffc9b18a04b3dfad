namespace DataGen.Benchmarks;

/// <summary>A ratio against the target: met when ratio >= required (or <= required when lower is better).</summary>
public sealed record TargetCheck(string Description, double Ratio, double Required, bool LowerIsBetter = false)
{
    public bool Met => LowerIsBetter ? Ratio <= Required : Ratio >= Required;
}
