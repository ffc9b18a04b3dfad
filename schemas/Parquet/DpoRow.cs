using System.Text.Json.Serialization;
using Parquet.Serialization.Attributes;

namespace DataGen.Schemas.Parquet;

/// <summary>A row of RUN/dpo/*.parquet in TRL's explicit-prompt conversational preference form (see schemas/README.md for kinds).</summary>
public sealed class DpoRow
{
    [JsonPropertyName("prompt")] public List<ChatMessageColumn> Prompt { get; set; } = [];
    [JsonPropertyName("chosen")] public List<ChatMessageColumn> Chosen { get; set; } = [];
    [JsonPropertyName("rejected")] public List<ChatMessageColumn> Rejected { get; set; } = [];
    [ParquetRequired, JsonPropertyName("kind")] public string Kind { get; set; } = "";
    [ParquetRequired, JsonPropertyName("prompt_id")] public string PromptId { get; set; } = "";
    [JsonPropertyName("sample_index")] public int SampleIndex { get; set; }
    [ParquetRequired, JsonPropertyName("marker")] public string Marker { get; set; } = "";
}
