namespace DataGen.Stages.Rewind;

/// <summary>pipeline.yaml `rewind:` section.</summary>
public sealed class RewindOptions : IValidatedOptions
{
    /// <summary>reset (start of the response) | sentence (last sentence/clause boundary before the span) | tokens (k tokens before the span, word-aligned).</summary>
    public string Policy { get; set; } = "sentence";

    /// <summary>tokens policy: how many policy-model tokens before the span to rewind to.</summary>
    public int Tokens { get; set; } = 8;

    /// <summary>Policy-model tokenizer for backtrack distances: bytes (UTF-8 bytes, the bundled LM) or a folder with tokenizer files.</summary>
    public string Tokenizer { get; set; } = "bytes";

    public IEnumerable<string> Validate(string keyPath)
    {
        if (Policy is not ("reset" or "sentence" or "tokens"))
            yield return $"{keyPath}.policy: '{Policy}' is not allowed; use reset, sentence or tokens";
        if (Tokens is < 1 or > 4096)
            yield return $"{keyPath}.tokens: must be between 1 and 4096 (got {Tokens})";
        if (string.IsNullOrWhiteSpace(Tokenizer))
            yield return $"{keyPath}.tokenizer: use bytes or a tokenizer folder";
    }
}
