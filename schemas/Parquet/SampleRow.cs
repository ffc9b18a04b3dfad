using System.Text.Json.Serialization;
using Parquet.Serialization.Attributes;

namespace DataGen.Schemas.Parquet;

/// <summary>A row of RUN/samples/*.parquet: every sample with its spans, rewind plan and correction (see schemas/README.md).</summary>
public sealed class SampleRow
{
    [ParquetRequired, JsonPropertyName("prompt_id")] public string PromptId { get; set; } = "";
    [JsonPropertyName("sample_index")] public int SampleIndex { get; set; }
    [ParquetRequired, JsonPropertyName("source")] public string Source { get; set; } = "";
    [JsonPropertyName("prompt")] public List<ChatMessageColumn> Prompt { get; set; } = [];
    [ParquetRequired, JsonPropertyName("response")] public string Response { get; set; } = "";
    [ParquetRequired, JsonPropertyName("backend")] public string Backend { get; set; } = "";
    [ParquetRequired, JsonPropertyName("model")] public string Model { get; set; } = "";
    [JsonPropertyName("seed")] public long Seed { get; set; }
    [JsonPropertyName("input_tokens")] public long InputTokens { get; set; }
    [JsonPropertyName("output_tokens")] public long OutputTokens { get; set; }
    [JsonPropertyName("finish_reason")] public string? FinishReason { get; set; }
    [JsonPropertyName("has_violation")] public bool HasViolation { get; set; }
    [JsonPropertyName("max_score")] public float MaxScore { get; set; }
    [JsonPropertyName("spans")] public List<SpanColumn> Spans { get; set; } = [];
    [JsonPropertyName("policy")] public string? Policy { get; set; }
    [JsonPropertyName("rewind_char")] public int? RewindChar { get; set; }
    [JsonPropertyName("violation_end")] public int? ViolationEnd { get; set; }
    [JsonPropertyName("backtrack_chars")] public int? BacktrackChars { get; set; }
    [JsonPropertyName("backtrack_tokens")] public int? BacktrackTokens { get; set; }
    [JsonPropertyName("correction")] public CorrectionColumn? Correction { get; set; }
}
