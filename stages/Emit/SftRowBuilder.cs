using DataGen.Schemas;
using DataGen.Schemas.Parquet;

namespace DataGen.Stages.Emit;

/// <summary>
/// SFT rows: a violating sample with a correction gives kind "backtrack" with completion prefix + violation + marker +
/// continuation; a clean sample gives kind "clean" with the plain response (when sft_include_clean).
/// </summary>
public sealed class SftRowBuilder(EmitOptions options, MarkerFormatter markers)
{
    public SftRow? Build(FinishedSample finished, SkipTally skipped)
    {
        var sample = finished.Planned.Scored.Sample;
        var prompt = sample.Prompt.Messages.Select(ChatMessageColumn.From).ToList();
        if (finished.Planned.Plan is not { } plan)
        {
            if (!options.SftIncludeClean)
                return null;
            if (string.IsNullOrWhiteSpace(sample.Response))
            {
                skipped.Count("sft", "empty_response");
                return null;
            }
            return new SftRow
            {
                Prompt = prompt, Completion = ChatMessageColumn.Assistant(sample.Response), Kind = "clean",
                Continuation = sample.Response, PromptId = sample.Prompt.Id, SampleIndex = sample.SampleIndex,
            };
        }
        if (finished.Correction is not { } correction)
        {
            skipped.Count("sft", "no_correction");
            return null;
        }
        var marker = markers.For(plan);
        return new SftRow
        {
            Prompt = prompt,
            Completion = ChatMessageColumn.Assistant(plan.Prefix + plan.Violation + marker + correction.Continuation),
            Kind = "backtrack",
            Prefix = plan.Prefix,
            Violation = plan.Violation,
            Marker = marker,
            Continuation = correction.Continuation,
            BacktrackChars = plan.BacktrackChars,
            BacktrackTokens = plan.BacktrackTokens,
            Policy = plan.Policy,
            PromptId = sample.Prompt.Id,
            SampleIndex = sample.SampleIndex,
        };
    }
}
