using System.Text.Json.Serialization;

namespace DataGen.Pipeline.Inspect;

/// <summary>Top-level object of `datagen inspect --format json` and the data embedded in the HTML report.</summary>
public sealed record InspectDocument(
    InspectSummary Summary,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ValidationReport? Validation,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<ExampleView>? Examples);
