using DataGen.Schemas;
using DataGen.Schemas.Parquet;

namespace DataGen.Stages.Emit;

/// <summary>Maps a finished sample to its samples-table row.</summary>
public static class SampleRowBuilder
{
    public static SampleRow Build(FinishedSample finished)
    {
        var scored = finished.Planned.Scored;
        var sample = scored.Sample;
        var plan = finished.Planned.Plan;
        return new SampleRow
        {
            PromptId = sample.Prompt.Id,
            SampleIndex = sample.SampleIndex,
            Source = sample.Prompt.Source,
            Prompt = sample.Prompt.Messages.Select(ChatMessageColumn.From).ToList(),
            Response = sample.Response,
            Backend = sample.Backend,
            Model = sample.Model,
            Seed = sample.Seed,
            InputTokens = sample.Usage.InputTokens,
            OutputTokens = sample.Usage.OutputTokens,
            FinishReason = sample.FinishReason,
            HasViolation = scored.HasViolation,
            MaxScore = scored.MaxScore,
            Spans = scored.Spans.Select(s => new SpanColumn { Start = s.Start, End = s.End, Score = s.Score }).ToList(),
            Policy = plan?.Policy,
            RewindChar = plan?.RewindChar,
            ViolationEnd = plan?.ViolationEnd,
            BacktrackChars = plan?.BacktrackChars,
            BacktrackTokens = plan?.BacktrackTokens,
            Correction = finished.Correction is { } c
                ? new CorrectionColumn { Continuation = c.Continuation, Attempts = c.Attempts, CorrectionScore = c.MaxScore }
                : null,
        };
    }
}
