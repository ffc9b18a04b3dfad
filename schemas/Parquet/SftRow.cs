using System.Text.Json.Serialization;
using Parquet.Serialization.Attributes;

namespace DataGen.Schemas.Parquet;

/// <summary>
/// A row of RUN/sft/*.parquet in TRL's conversational prompt-completion form, plus the completion's parts
/// (prefix, violation, marker, continuation) so trainers can mask the loss on the violation.
/// </summary>
public sealed class SftRow
{
    [JsonPropertyName("prompt")] public List<ChatMessageColumn> Prompt { get; set; } = [];
    [JsonPropertyName("completion")] public List<ChatMessageColumn> Completion { get; set; } = [];
    [ParquetRequired, JsonPropertyName("kind")] public string Kind { get; set; } = "";
    [ParquetRequired, JsonPropertyName("prefix")] public string Prefix { get; set; } = "";
    [ParquetRequired, JsonPropertyName("violation")] public string Violation { get; set; } = "";
    [ParquetRequired, JsonPropertyName("marker")] public string Marker { get; set; } = "";
    [ParquetRequired, JsonPropertyName("continuation")] public string Continuation { get; set; } = "";
    [JsonPropertyName("backtrack_chars")] public int BacktrackChars { get; set; }
    [JsonPropertyName("backtrack_tokens")] public int BacktrackTokens { get; set; }
    [JsonPropertyName("policy")] public string? Policy { get; set; }
    [ParquetRequired, JsonPropertyName("prompt_id")] public string PromptId { get; set; } = "";
    [JsonPropertyName("sample_index")] public int SampleIndex { get; set; }
}
