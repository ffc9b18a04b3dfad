namespace DataGen.Schemas;

/// <summary>
/// Where to rewind a violating sample. The response splits as Prefix + Violation + Remainder:
/// Prefix is kept (classifies clean), Violation runs from the rewind point to the end of the first toxic
/// span (word-aligned), Remainder is the rest of the sample.
/// </summary>
public sealed record RewindPlan(
    string Policy,
    int RewindChar,
    int ViolationEnd,
    string Prefix,
    string Violation,
    string Remainder,
    int BacktrackChars,
    int BacktrackTokens);

/// <summary>Output of the rewind stage: the scored sample and its plan (null when the sample has no violation).</summary>
public sealed record PlannedSample(ScoredSample Scored, RewindPlan? Plan) : IRowKeyed
{
    public RowKey Key => Scored.Key;
}
