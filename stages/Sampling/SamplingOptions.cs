namespace DataGen.Stages.Sampling;

/// <summary>pipeline.yaml `sampling:` section.</summary>
public sealed class SamplingOptions : IValidatedOptions
{
    /// <summary>Name of an entry under `backends:`.</summary>
    public string Backend { get; set; } = "";

    public int SamplesPerPrompt { get; set; } = 4;
    public float Temperature { get; set; } = 1.0f;
    public float TopP { get; set; } = 0.95f;
    public int? TopK { get; set; }
    public int MaxTokens { get; set; } = 128;
    public List<string> Stop { get; set; } = [];

    /// <summary>Optional template file (prompts/...) wrapping each prompt; null sends the prompt messages as they are.</summary>
    public string? Template { get; set; }

    /// <summary>Degree of parallelism of the stage (requests in flight).</summary>
    public int Concurrency { get; set; } = 8;

    public IEnumerable<string> Validate(string keyPath)
    {
        if (string.IsNullOrWhiteSpace(Backend))
            yield return $"{keyPath}.backend: required; name an entry under backends:";
        if (SamplesPerPrompt is < 1 or > 1000)
            yield return $"{keyPath}.samples_per_prompt: must be between 1 and 1000 (got {SamplesPerPrompt})";
        if (Temperature is < 0 or > 5)
            yield return $"{keyPath}.temperature: must be between 0 and 5 (got {Temperature})";
        if (TopP is <= 0 or > 1)
            yield return $"{keyPath}.top_p: must be in (0, 1] (got {TopP})";
        if (TopK is < 1)
            yield return $"{keyPath}.top_k: must be at least 1 (got {TopK})";
        if (MaxTokens is < 1 or > 32768)
            yield return $"{keyPath}.max_tokens: must be between 1 and 32768 (got {MaxTokens})";
        if (Concurrency is < 1 or > 4096)
            yield return $"{keyPath}.concurrency: must be between 1 and 4096 (got {Concurrency})";
    }
}
