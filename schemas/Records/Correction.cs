namespace DataGen.Schemas;

/// <summary>A verified corrected continuation written from the kept prefix.</summary>
public sealed record Correction(string Continuation, int Attempts, float MaxScore, long Seed, string Backend, string Model, TokenUsage Usage);

/// <summary>Output of the synthesis stage: the planned sample and its correction (null when no violation).</summary>
public sealed record FinishedSample(PlannedSample Planned, Correction? Correction) : IRowKeyed
{
    public RowKey Key => Planned.Key;
}
