namespace DataGen.Stages.Synthesis;

/// <summary>pipeline.yaml `synthesis:` section.</summary>
public sealed class SynthesisOptions : IValidatedOptions
{
    /// <summary>Name of an entry under `backends:` (may differ from the sampler's).</summary>
    public string Backend { get; set; } = "";

    /// <summary>Template file under prompts/ that asks for a corrected continuation from the kept prefix.</summary>
    public string Template { get; set; } = "prompts/templates/synthesis-instruct.md";

    /// <summary>Attempts (fresh seeds) before the row is rejected as unverified.</summary>
    public int MaxAttempts { get; set; } = 4;

    public float Temperature { get; set; } = 0.8f;
    public float TopP { get; set; } = 0.95f;
    public int MaxTokens { get; set; } = 128;
    public List<string> Stop { get; set; } = [];
    public int Concurrency { get; set; } = 8;

    /// <summary>A continuation must also be non-empty after trimming and at most this many characters.</summary>
    public int MinChars { get; set; } = 1;

    public IEnumerable<string> Validate(string keyPath)
    {
        if (string.IsNullOrWhiteSpace(Backend))
            yield return $"{keyPath}.backend: required; name an entry under backends:";
        if (string.IsNullOrWhiteSpace(Template))
            yield return $"{keyPath}.template: required; point it at a template file under prompts/";
        if (MaxAttempts is < 1 or > 100)
            yield return $"{keyPath}.max_attempts: must be between 1 and 100 (got {MaxAttempts})";
        if (Temperature is < 0 or > 5)
            yield return $"{keyPath}.temperature: must be between 0 and 5 (got {Temperature})";
        if (TopP is <= 0 or > 1)
            yield return $"{keyPath}.top_p: must be in (0, 1] (got {TopP})";
        if (MaxTokens is < 1 or > 32768)
            yield return $"{keyPath}.max_tokens: must be between 1 and 32768 (got {MaxTokens})";
        if (Concurrency is < 1 or > 4096)
            yield return $"{keyPath}.concurrency: must be between 1 and 4096 (got {Concurrency})";
        if (MinChars < 1)
            yield return $"{keyPath}.min_chars: must be at least 1 (got {MinChars})";
    }
}
