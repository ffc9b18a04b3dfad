using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace DataGen.Stages.Training;

/// <summary>Turns one stdout line into a typed event; a line that is not a JSON object with a string `event` is reported, never thrown.</summary>
public static partial class TrainerEventParser
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <returns>The event, or null with problem set when the line is not a valid event.</returns>
    public static TrainerEvent? Parse(string line, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(line);
        problem = null;
        try
        {
            using var document = ParseLenient(line);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("event", out var name) || name.ValueKind != JsonValueKind.String)
            {
                problem = "not a JSON object with a string \"event\" key";
                return null;
            }
            return name.GetString() switch
            {
                "start" => root.Deserialize<TrainerStartEvent>(Options),
                "step" => root.Deserialize<TrainerStepEvent>(Options),
                "checkpoint" => root.Deserialize<TrainerCheckpointEvent>(Options),
                "phase_done" => root.Deserialize<TrainerPhaseDoneEvent>(Options),
                "done" => root.Deserialize<TrainerDoneEvent>(Options),
                "error" => root.Deserialize<TrainerErrorEvent>(Options),
                var other => new TrainerUnknownEvent(other ?? ""),
            };
        }
        catch (JsonException e)
        {
            problem = $"invalid JSON ({e.Message})";
            return null;
        }
    }

    // Python's json.dumps writes a diverged loss as bare NaN/Infinity, which is not JSON: quote it so the number handling reads it.
    private static JsonDocument ParseLenient(string line)
    {
        try
        {
            return JsonDocument.Parse(line);
        }
        catch (JsonException) when (BareNonFinite().IsMatch(line))
        {
            return JsonDocument.Parse(BareNonFinite().Replace(line, ":\"$1\""));
        }
    }

    [GeneratedRegex(@":\s*(-?Infinity|NaN)(?=\s*[,}\]])")]
    private static partial Regex BareNonFinite();
}
