namespace DataGen.Pipeline.Inspect;

/// <summary>What `datagen inspect` reports about a run (also the "summary" object of --format json and of the HTML report).</summary>
public sealed record InspectSummary(
    string Input,
    IReadOnlyList<FileSummary> Files,
    IReadOnlyDictionary<string, long> RowsByOutput,
    IReadOnlyDictionary<string, long> SftByKind,
    IReadOnlyDictionary<string, long> DpoByKind,
    long Samples,
    long ViolatingSamples,
    double? ViolationShare,
    long CorrectedSamples,
    IReadOnlyList<SourceShare> Sources,
    IReadOnlyList<DistributionSummary> Distributions,
    IReadOnlyDictionary<string, long> RejectsByReason,
    TokenTotals Tokens);
