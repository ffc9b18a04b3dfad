using DataGen.Schemas;
using DataGen.Schemas.Parquet;
using DataGen.Stages.Tokenization;

namespace DataGen.Pipeline.Inspect;

/// <summary>
/// Checks the invariants of schemas/README.md row by row (ids unique, spans and rewind plan consistent with the response,
/// backtrack counts match the violation, DPO sides non-empty and different) and, at the end, that sft and dpo text
/// rebuilds the sampled response (prefix + violation is its start). Keeps per-row keys only, never row text.
/// </summary>
public sealed class InvariantValidator(ITokenCounter tokens, int maxProblems = 1000)
{
    private readonly HashSet<string> _sampleIds = new(StringComparer.Ordinal);
    private readonly HashSet<string> _sftIds = new(StringComparer.Ordinal);
    private readonly HashSet<string> _dpoIds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<ResponseCheck>> _pending = new(StringComparer.Ordinal);
    private readonly List<ValidationProblem> _problems = [];
    private bool _sawSamples;

    public long ProblemCount { get; private set; }

    public IReadOnlyList<ValidationProblem> Problems => _problems;

    public void Report(ValidationProblem problem)
    {
        ProblemCount++;
        if (_problems.Count < maxProblems)
            _problems.Add(problem);
    }

    public void Check(string file, long row, SampleRow sample)
    {
        _sawSamples = true;
        var id = Id(sample.PromptId, sample.SampleIndex);
        Require(!string.IsNullOrEmpty(sample.PromptId), file, row, "empty_id", "prompt_id is empty");
        Require(_sampleIds.Add(id), file, row, "duplicate_id", $"sample {id} appears more than once");
        var response = sample.Response;
        VerifyPending(id, response);
        var previousEnd = 0;
        foreach (var span in sample.Spans)
        {
            Require(span.Start >= 0 && span.Start < span.End && span.End <= response.Length, file, row, "span_out_of_range",
                $"{id}: span [{span.Start}, {span.End}) is not inside the {response.Length}-char response");
            Require(span.Start >= previousEnd, file, row, "spans_unsorted", $"{id}: span [{span.Start}, {span.End}) overlaps or precedes the previous span");
            previousEnd = Math.Max(previousEnd, span.End);
        }
        Require(sample.HasViolation == sample.Spans.Count > 0, file, row, "has_violation_mismatch",
            $"{id}: has_violation is {sample.HasViolation} but there are {sample.Spans.Count} spans");
        var plan = new int?[] { sample.RewindChar, sample.ViolationEnd, sample.BacktrackChars, sample.BacktrackTokens };
        if (!sample.HasViolation)
        {
            Require(sample.Policy is null && plan.All(v => v is null) && sample.Correction is null, file, row, "unexpected_plan",
                $"{id}: a sample without violation has rewind or correction columns set");
            return;
        }
        if (sample.Policy is null || plan.Any(v => v is null))
        {
            Report(new ValidationProblem(file, row, "missing_plan", $"{id}: a violating sample lacks policy, rewind_char, violation_end or backtrack counts"));
            return;
        }
        int rewind = sample.RewindChar!.Value, end = sample.ViolationEnd!.Value;
        if (!(rewind >= 0 && rewind <= end && end <= response.Length))
        {
            Report(new ValidationProblem(file, row, "rewind_out_of_range", $"{id}: rewind_char {rewind} / violation_end {end} are not ordered inside the {response.Length}-char response"));
            return;
        }
        var first = sample.Spans[0];
        Require(rewind <= first.Start && end >= first.End, file, row, "violation_misses_span",
            $"{id}: violation [{rewind}, {end}) does not cover the first toxic span [{first.Start}, {first.End})");
        Require(sample.BacktrackChars == end - rewind, file, row, "backtrack_chars_mismatch",
            $"{id}: backtrack_chars {sample.BacktrackChars} but the violation is {end - rewind} chars");
        var counted = tokens.CountTokens(response[rewind..end]);
        Require(sample.BacktrackTokens == counted, file, row, "backtrack_tokens_mismatch",
            $"{id}: backtrack_tokens {sample.BacktrackTokens} but the violation is {counted} {tokens.Name} tokens");
        if (sample.Correction is { } correction)
        {
            Require(!string.IsNullOrWhiteSpace(correction.Continuation), file, row, "empty_continuation", $"{id}: correction.continuation is empty");
            Require(correction.Attempts >= 1, file, row, "bad_attempts", $"{id}: correction.attempts is {correction.Attempts}; at least 1");
        }
    }

    public void Check(string file, long row, SftRow sft)
    {
        var id = Id(sft.PromptId, sft.SampleIndex);
        Require(_sftIds.Add(id), file, row, "duplicate_id", $"sft row {id} appears more than once");
        if (sft.Completion is not [{ Role: ChatTurn.Assistant } completion])
        {
            Report(new ValidationProblem(file, row, "bad_completion", $"{id}: completion must be exactly one assistant message"));
            return;
        }
        if (sft.Kind == "clean")
        {
            Require(completion.Content == sft.Continuation && sft.Prefix.Length + sft.Violation.Length + sft.Marker.Length == 0, file, row, "completion_mismatch",
                $"{id}: a clean row's completion must equal continuation with empty prefix, violation and marker");
            Expect(id, file, row, "sft clean completion", sft.Continuation, ResponseCheck.Mode.Whole);
            return;
        }
        if (sft.Kind != "backtrack")
        {
            Report(new ValidationProblem(file, row, "bad_kind", $"{id}: kind '{sft.Kind}' is not backtrack or clean"));
            return;
        }
        Require(completion.Content == sft.Prefix + sft.Violation + sft.Marker + sft.Continuation, file, row, "completion_mismatch",
            $"{id}: completion is not prefix + violation + marker + continuation");
        Require(sft.Violation.Length > 0 && sft.Marker.Length > 0 && !string.IsNullOrWhiteSpace(sft.Continuation), file, row, "empty_part",
            $"{id}: a backtrack row needs a non-empty violation, marker and continuation");
        Require(sft.BacktrackChars == sft.Violation.Length, file, row, "backtrack_chars_mismatch",
            $"{id}: backtrack_chars {sft.BacktrackChars} but the violation is {sft.Violation.Length} chars");
        var counted = tokens.CountTokens(sft.Violation);
        Require(sft.BacktrackTokens == counted, file, row, "backtrack_tokens_mismatch",
            $"{id}: backtrack_tokens {sft.BacktrackTokens} but the violation is {counted} {tokens.Name} tokens");
        Expect(id, file, row, "sft prefix + violation", sft.Prefix + sft.Violation, ResponseCheck.Mode.Prefix);
    }

    public void Check(string file, long row, DpoRow dpo)
    {
        var id = Id(dpo.PromptId, dpo.SampleIndex);
        Require(_dpoIds.Add($"{id}/{dpo.Kind}"), file, row, "duplicate_id", $"dpo pair {id} of kind {dpo.Kind} appears more than once");
        if (dpo.Kind is not ("recover" or "avoid" or "clean"))
            Report(new ValidationProblem(file, row, "bad_kind", $"{id}: kind '{dpo.Kind}' is not recover, avoid or clean"));
        var chosen = Single(dpo.Chosen);
        var rejected = Single(dpo.Rejected);
        Require(!string.IsNullOrWhiteSpace(chosen), file, row, "empty_chosen", $"{id} {dpo.Kind}: chosen must be one non-empty assistant message");
        Require(!string.IsNullOrWhiteSpace(rejected), file, row, "empty_rejected", $"{id} {dpo.Kind}: rejected must be one non-empty assistant message");
        Require(chosen is null || chosen != rejected, file, row, "chosen_equals_rejected", $"{id} {dpo.Kind}: chosen equals rejected");
        if (chosen is null || rejected is null)
            return;
        var context = dpo.Prompt is [.., { Role: ChatTurn.Assistant } last] ? last.Content : null;
        switch (dpo.Kind)
        {
            case "recover":
                Require(chosen.StartsWith(dpo.Marker, StringComparison.Ordinal) && dpo.Marker.Length > 0, file, row, "marker_mismatch", $"{id} recover: chosen does not start with its marker");
                Expect(id, file, row, "dpo recover context + rejected", (context ?? "") + rejected, ResponseCheck.Mode.Whole);
                break;
            case "avoid":
                Expect(id, file, row, "dpo avoid context + rejected", (context ?? "") + rejected, context is null ? ResponseCheck.Mode.SuffixAfterBlank : ResponseCheck.Mode.Whole);
                break;
            case "clean":
                Require(rejected == dpo.Marker, file, row, "marker_mismatch", $"{id} clean: rejected is not the needless marker");
                Expect(id, file, row, "dpo clean context + chosen", (context ?? "") + chosen, ResponseCheck.Mode.Whole);
                break;
        }
    }

    public void Check(string file, long row, RejectRow reject)
    {
        Require(reject.Stage.Length > 0 && reject.Reason.Length > 0, file, row, "empty_reason", "stage and reason must be non-empty");
        Require(!reject.Message.Contains('\n', StringComparison.Ordinal), file, row, "multiline_message", "message must be one line");
    }

    /// <summary>Reports sft/dpo rows whose sample was never seen (only when a samples table was part of the scan).</summary>
    public void Complete()
    {
        if (!_sawSamples)
            return;
        foreach (var (id, checks) in _pending)
        {
            foreach (var check in checks)
                Report(new ValidationProblem(check.File, check.Row, "no_sample", $"{id}: {check.What} has no row in samples"));
        }
        _pending.Clear();
    }

    private void Expect(string id, string file, long row, string what, string text, ResponseCheck.Mode mode)
    {
        if (!_pending.TryGetValue(id, out var list))
            _pending[id] = list = [];
        list.Add(new ResponseCheck(file, row, what, text.Length, string.GetHashCode(text.AsSpan()), mode));
    }

    private void VerifyPending(string id, string response)
    {
        if (!_pending.Remove(id, out var checks))
            return;
        foreach (var check in checks.Where(c => !c.Matches(response)))
            Report(new ValidationProblem(check.File, check.Row, "response_mismatch", $"{id}: {check.What} does not rebuild the sampled response"));
    }

    private static string? Single(List<ChatMessageColumn> messages) => messages is [{ Role: ChatTurn.Assistant } only] ? only.Content : null;

    private void Require(bool ok, string file, long row, string check, string message)
    {
        if (!ok)
            Report(new ValidationProblem(file, row, check, message));
    }

    private static string Id(string promptId, int sampleIndex) => $"{promptId}#{sampleIndex}";
}
