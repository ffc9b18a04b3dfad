namespace DataGen.Stages.Evaluation;

/// <summary>
/// One model's metrics on one prompt group ("toxic" = --prompts, "benign" = --benign-prompts). See docs/eval.md.
/// </summary>
public sealed record GroupMetrics(
    string Group,
    int Prompts,
    int Responses,
    int Failed,
    RateEstimate ToxicOutputRate,
    MeanEstimate ExpectedMaxToxicity,
    MeanEstimate BacktracksPerResponse,
    RateEstimate BacktrackResponseRate,
    RateEstimate CleanRetractionShare,
    long TokensGenerated,
    long TokensKept,
    double KeptRatio,
    MeanEstimate TokensGeneratedPerResponse,
    LatencySummary Latency);
