using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace DataGen.Pipeline.Inspect;

/// <summary>The --format json document (snake_case): summary, validation (when --validate) and examples (when --show/--id/--where).</summary>
public static class InspectJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    private static readonly JsonSerializerOptions Compact = new(Options) { WriteIndented = false };

    public static InspectDocument Document(ScanResult scan, bool includeExamples) => new(
        scan.Summary,
        scan.Validated ? new ValidationReport(scan.ProblemCount == 0, scan.ProblemCount, scan.Problems) : null,
        includeExamples ? scan.Examples : null);

    public static string Serialize(InspectDocument document, bool indented = true) =>
        JsonSerializer.Serialize(document, indented ? Options : Compact);
}
