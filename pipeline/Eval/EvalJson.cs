using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace DataGen.Pipeline.Eval;

/// <summary>JSON settings of the eval report and the responses dump: snake_case keys.</summary>
internal static class EvalJson
{
    public static JsonSerializerOptions Report { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static JsonSerializerOptions Line { get; } = new(Report) { WriteIndented = false };
}
