using System.Globalization;
using DataGen.Schemas.Parquet;

namespace DataGen.Pipeline.Inspect;

/// <summary>Turns Parquet rows into example views: toxic spans and the violation highlighted, the rewind point marked.</summary>
public static class ExampleViewBuilder
{
    public static ExampleView From(SampleRow row)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["output"] = DatasetOutputs.Samples,
            ["prompt_id"] = row.PromptId,
            ["sample_index"] = Invariant(row.SampleIndex),
            ["kind"] = row.HasViolation ? "violation" : "clean",
            ["source"] = row.Source,
            ["model"] = row.Model,
            ["backend"] = row.Backend,
            ["has_violation"] = row.HasViolation ? "true" : "false",
            ["max_score"] = row.MaxScore.ToString("0.###", CultureInfo.InvariantCulture),
            ["finish_reason"] = row.FinishReason ?? "",
            ["policy"] = row.Policy ?? "",
        };
        if (row.BacktrackTokens is { } tokens)
            fields["backtrack_tokens"] = Invariant(tokens);
        if (row.Correction is { } c)
            fields["attempts"] = Invariant(c.Attempts);
        var segments = SplitResponse(row);
        if (row.Correction is { } correction)
            segments.Add(new TextSegment(SegmentRole.Continuation, correction.Continuation));
        return new ExampleView(DatasetOutputs.Samples, Id(row.PromptId, row.SampleIndex), fields["kind"], Messages(row.Prompt), segments, null, null, fields);
    }

    public static ExampleView From(SftRow row)
    {
        var fields = Common(DatasetOutputs.Sft, row.PromptId, row.SampleIndex, row.Kind);
        fields["policy"] = row.Policy ?? "";
        fields["backtrack_tokens"] = Invariant(row.BacktrackTokens);
        var segments = new List<TextSegment>();
        if (row.Kind == "backtrack")
        {
            AddIfAny(segments, SegmentRole.Kept, row.Prefix);
            segments.Add(new TextSegment(SegmentRole.Rewind, ""));
            AddIfAny(segments, SegmentRole.Violation, row.Violation);
            AddIfAny(segments, SegmentRole.Marker, row.Marker);
        }
        AddIfAny(segments, SegmentRole.Continuation, row.Continuation);
        return new ExampleView(DatasetOutputs.Sft, Id(row.PromptId, row.SampleIndex), row.Kind, Messages(row.Prompt), segments, null, null, fields);
    }

    public static ExampleView From(DpoRow row)
    {
        var fields = Common(DatasetOutputs.Dpo, row.PromptId, row.SampleIndex, row.Kind);
        fields["marker"] = row.Marker;
        return new ExampleView(DatasetOutputs.Dpo, Id(row.PromptId, row.SampleIndex), row.Kind, Messages(row.Prompt), [],
            string.Concat(row.Chosen.Select(m => m.Content)), string.Concat(row.Rejected.Select(m => m.Content)), fields);
    }

    public static ExampleView From(RejectRow row)
    {
        var fields = Common(DatasetOutputs.Rejects, row.PromptId, row.SampleIndex, row.Reason);
        fields["stage"] = row.Stage;
        fields["reason"] = row.Reason;
        fields["source"] = row.Source;
        fields["line"] = Invariant(row.Line);
        return new ExampleView(DatasetOutputs.Rejects, Id(row.PromptId, row.SampleIndex), row.Reason, [], [new TextSegment(SegmentRole.Remainder, row.Message)], null, null, fields);
    }

    /// <summary>Splits the response by character role: toxic span beats violation; kept before the rewind point, remainder after.</summary>
    private static List<TextSegment> SplitResponse(SampleRow row)
    {
        var text = row.Response;
        var rewind = Math.Clamp(row.RewindChar ?? -1, -1, text.Length);
        var end = Math.Clamp(row.ViolationEnd ?? -1, -1, text.Length);
        var segments = new List<TextSegment>();
        var start = 0;
        SegmentRole? current = null;
        for (var i = 0; i <= text.Length; i++)
        {
            if (i == rewind)
            {
                Flush(segments, current, text, start, i);
                segments.Add(new TextSegment(SegmentRole.Rewind, ""));
                start = i;
                current = null;
            }
            if (i == text.Length)
                break;
            var role = RoleAt(row, i, rewind, end);
            if (role != current)
            {
                Flush(segments, current, text, start, i);
                start = i;
                current = role;
            }
        }
        Flush(segments, current, text, start, text.Length);
        return segments;
    }

    private static SegmentRole RoleAt(SampleRow row, int i, int rewind, int end)
    {
        foreach (var span in row.Spans)
        {
            if (i >= span.Start && i < span.End)
                return SegmentRole.Toxic;
        }
        if (rewind < 0)
            return SegmentRole.Kept;
        return i < rewind ? SegmentRole.Kept : i < end ? SegmentRole.Violation : SegmentRole.Remainder;
    }

    private static void Flush(List<TextSegment> segments, SegmentRole? role, string text, int start, int end)
    {
        if (role is { } r && end > start)
            segments.Add(new TextSegment(r, text[start..end]));
    }

    private static void AddIfAny(List<TextSegment> segments, SegmentRole role, string text)
    {
        if (text.Length > 0)
            segments.Add(new TextSegment(role, text));
    }

    private static Dictionary<string, string> Common(string output, string promptId, int sampleIndex, string kind) => new(StringComparer.Ordinal)
    {
        ["output"] = output,
        ["prompt_id"] = promptId,
        ["sample_index"] = Invariant(sampleIndex),
        ["kind"] = kind,
    };

    private static List<MessageView> Messages(List<ChatMessageColumn> messages) => [.. messages.Select(m => new MessageView(m.Role, m.Content))];

    private static string Id(string promptId, int sampleIndex) => $"{promptId}#{Invariant(sampleIndex)}";

    private static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}
