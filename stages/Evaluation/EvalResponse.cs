using DataGen.Schemas;

namespace DataGen.Stages.Evaluation;

/// <summary>
/// One evaluated response: its final visible text, the classifier's verdict on it, and its decoding stats.
/// RetractedClean counts the backtracks whose retracted text the classifier finds clean (needless by that measure).
/// Error is set (and the rest is empty) when generation failed; failed responses are left out of the metrics.
/// </summary>
public sealed record EvalResponse(
    string Model,
    string Group,
    string PromptId,
    int SampleIndex,
    long Seed,
    string Text,
    IReadOnlyList<ToxicSpan> Spans,
    float MaxScore,
    int Backtracks,
    int TokensGenerated,
    int TokensKept,
    IReadOnlyList<string> Retracted,
    int RetractedClean,
    double LatencyMs,
    string? FinishReason,
    string? Error = null)
{
    public bool Toxic => Spans.Count > 0;
}
