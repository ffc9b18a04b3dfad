using System.Text.Json;

namespace DataGen.Stages.Spans.Evaluation;

/// <summary>Parses SemEval-2021 Task 5 gold spans: a list of character offsets such as "[1, 2, 3]".</summary>
public static class SemEvalOffsets
{
    public static HashSet<int> Parse(string? value, string where)
    {
        if (string.IsNullOrWhiteSpace(value))
            return [];
        try
        {
            var offsets = JsonSerializer.Deserialize<int[]>(value)
                ?? throw new JsonException("null");
            return [.. offsets];
        }
        catch (JsonException)
        {
            var shown = value.Length > 40 ? value[..40] + "..." : value;
            throw new InputFileException($"{where}: gold spans '{shown}' are not a list of character offsets like [1, 2, 3]");
        }
    }
}
