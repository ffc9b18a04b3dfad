using System.Text.Json.Serialization;

namespace DataGen.Schemas.Parquet;

/// <summary>One element of samples.spans: a toxic span [start, end) in UTF-16 code units of the response, and its max score.</summary>
public sealed class SpanColumn
{
    [JsonPropertyName("start")]
    public int Start { get; set; }

    [JsonPropertyName("end")]
    public int End { get; set; }

    [JsonPropertyName("score")]
    public float Score { get; set; }
}
