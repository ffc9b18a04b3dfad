using System.Text.Json.Serialization;
using Parquet.Serialization.Attributes;

namespace DataGen.Schemas.Parquet;

/// <summary>A row of RUN/rejects/*.parquet: one failed row with the stage, reason code and message.</summary>
public sealed class RejectRow
{
    [ParquetRequired, JsonPropertyName("stage")] public string Stage { get; set; } = "";
    [ParquetRequired, JsonPropertyName("reason")] public string Reason { get; set; } = "";
    [ParquetRequired, JsonPropertyName("message")] public string Message { get; set; } = "";
    [ParquetRequired, JsonPropertyName("prompt_id")] public string PromptId { get; set; } = "";
    [JsonPropertyName("sample_index")] public int SampleIndex { get; set; }
    [ParquetRequired, JsonPropertyName("source")] public string Source { get; set; } = "";
    [JsonPropertyName("line")] public long Line { get; set; }

    public static RejectRow From(RejectRecord reject) => new()
    {
        Stage = reject.Stage,
        Reason = reject.Reason,
        Message = reject.Message,
        PromptId = reject.PromptId,
        SampleIndex = reject.SampleIndex,
        Source = reject.Source,
        Line = reject.Line,
    };
}
