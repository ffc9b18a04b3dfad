namespace DataGen.Stages.Prompts;

/// <summary>pipeline.yaml `prompts:` section.</summary>
public sealed class PromptSourceOptions : IValidatedOptions
{
    /// <summary>Prompt file (relative paths resolve against the config file's folder).</summary>
    public string Path { get; set; } = "";

    /// <summary>auto (by extension) | jsonl | csv | parquet.</summary>
    public string Format { get; set; } = "auto";

    /// <summary>Column holding the prompt text (CSV, Parquet; also the JSONL key for plain records).</summary>
    public string TextColumn { get; set; } = "prompt";

    /// <summary>Column holding a stable id; when absent the id is a content hash.</summary>
    public string IdColumn { get; set; } = "id";

    /// <summary>Optional system message prepended to every prompt.</summary>
    public string? SystemPrompt { get; set; }

    public IEnumerable<string> Validate(string keyPath)
    {
        if (string.IsNullOrWhiteSpace(Path))
            yield return $"{keyPath}.path: required; set it to a JSONL, CSV or Parquet prompt file";
        if (Format is not ("auto" or "jsonl" or "csv" or "parquet"))
            yield return $"{keyPath}.format: '{Format}' is not allowed; use auto, jsonl, csv or parquet";
        if (string.IsNullOrWhiteSpace(TextColumn))
            yield return $"{keyPath}.text_column: must not be empty";
    }
}
