using DataGen.Schemas;
using DataGen.Schemas.Parquet;
using DataGen.Stages.Rewind;
using DataGen.Stages.Tokenization;

namespace DataGen.Stages.Emit;

/// <summary>
/// DPO pairs (see schemas/README.md): recover and avoid for corrected violating samples, clean (a needless marker
/// as rejected) for a seeded share of clean samples. A pair with an empty side or chosen == rejected is skipped and counted.
/// </summary>
public sealed class DpoPairBuilder(EmitOptions options, long runSeed, ITokenCounter tokens, MarkerFormatter markers)
{
    public const string Recover = "recover";
    public const string Avoid = "avoid";
    public const string Clean = "clean";

    public IEnumerable<DpoRow> Build(FinishedSample finished, SkipTally skipped)
    {
        var sample = finished.Planned.Scored.Sample;
        var pairs = new List<DpoRow>();
        if (finished.Planned.Plan is not { } plan)
        {
            if (Enabled(Clean) && BuildClean(sample, skipped) is { } clean)
                pairs.Add(clean);
            return pairs;
        }
        if (finished.Correction is not { } correction)
        {
            foreach (var kind in new[] { Recover, Avoid }.Where(Enabled))
                skipped.Count(kind, "no_correction");
            return pairs;
        }
        var marker = markers.For(plan);
        if (Enabled(Recover))
        {
            if (string.IsNullOrWhiteSpace(plan.Remainder))
                skipped.Count(Recover, "empty_remainder");
            else if (Pair(skipped, Recover, sample, Context(sample, plan.Prefix + plan.Violation), marker + correction.Continuation, plan.Remainder, marker) is { } recover)
                pairs.Add(recover);
        }
        if (Enabled(Avoid) && Pair(skipped, Avoid, sample, Context(sample, plan.Prefix), correction.Continuation, plan.Violation + plan.Remainder, marker) is { } avoid)
            pairs.Add(avoid);
        return pairs;
    }

    /// <summary>Splits a clean response at a seeded word start: context keeps the head, chosen is the tail, rejected a needless marker.</summary>
    private DpoRow? BuildClean(Sample sample, SkipTally skipped)
    {
        var draw = SeedDeriver.Derive(runSeed, sample.Prompt.Id, sample.SampleIndex, "clean_pair");
        if (draw / (double)(1L << 53) >= options.CleanPairRate)
        {
            skipped.Count(Clean, "not_sampled");
            return null;
        }
        var response = sample.Response;
        var splits = Enumerable.Range(1, Math.Max(0, response.Length - 1))
            .Where(p => TextBoundaries.IsWordStart(response, p) && !response.AsSpan(0, p).IsWhiteSpace())
            .ToList();
        if (splits.Count == 0)
        {
            skipped.Count(Clean, "no_split_point");
            return null;
        }
        var pick = SeedDeriver.Derive(runSeed, sample.Prompt.Id, sample.SampleIndex, "clean_pair", attempt: 1);
        var split = splits[(int)(pick % splits.Count)];
        var head = response[..split];
        var lastWord = head.TrimEnd().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)[^1];
        var marker = markers.Format(tokens.CountTokens(lastWord));
        return Pair(skipped, Clean, sample, Context(sample, head), response[split..], marker, marker);
    }

    private bool Enabled(string kind) => options.DpoKinds.Contains(kind);

    /// <summary>The prompt's messages plus, when the kept text is not blank, an assistant message TRL continues.</summary>
    private static List<ChatMessageColumn> Context(Sample sample, string assistantText)
    {
        var context = sample.Prompt.Messages.Select(ChatMessageColumn.From).ToList();
        if (!string.IsNullOrWhiteSpace(assistantText))
            context.Add(new ChatMessageColumn { Role = ChatTurn.Assistant, Content = assistantText });
        return context;
    }

    private static DpoRow? Pair(SkipTally skipped, string kind, Sample sample, List<ChatMessageColumn> prompt, string chosen, string rejected, string marker)
    {
        var problem = string.IsNullOrWhiteSpace(chosen) ? "empty_chosen"
            : string.IsNullOrWhiteSpace(rejected) ? "empty_rejected"
            : chosen == rejected ? "chosen_equals_rejected"
            : null;
        if (problem is not null)
        {
            skipped.Count(kind, problem);
            return null;
        }
        return new DpoRow
        {
            Prompt = prompt,
            Chosen = ChatMessageColumn.Assistant(chosen),
            Rejected = ChatMessageColumn.Assistant(rejected),
            Kind = kind,
            PromptId = sample.Prompt.Id,
            SampleIndex = sample.SampleIndex,
            Marker = marker,
        };
    }
}
