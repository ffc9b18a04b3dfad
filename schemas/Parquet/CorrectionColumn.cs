using System.Text.Json.Serialization;
using Parquet.Serialization.Attributes;

namespace DataGen.Schemas.Parquet;

/// <summary>samples.correction: the verified corrected continuation (null when the sample needed none).</summary>
public sealed class CorrectionColumn
{
    [ParquetRequired]
    [JsonPropertyName("continuation")]
    public string Continuation { get; set; } = "";

    [JsonPropertyName("attempts")]
    public int Attempts { get; set; }

    [JsonPropertyName("correction_score")]
    public float CorrectionScore { get; set; }
}
