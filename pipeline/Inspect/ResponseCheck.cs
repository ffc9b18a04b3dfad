namespace DataGen.Pipeline.Inspect;

/// <summary>A pending cross-file check: text from an sft/dpo row (kept as length + hash) that must rebuild part of the sampled response.</summary>
internal sealed record ResponseCheck(string File, long Row, string What, int Length, int Hash, ResponseCheck.Mode Kind)
{
    public enum Mode
    {
        /// <summary>The text equals the whole response.</summary>
        Whole,

        /// <summary>The text is the start of the response.</summary>
        Prefix,

        /// <summary>The text ends the response and what precedes it is blank (an avoid pair without an assistant context).</summary>
        SuffixAfterBlank,
    }

    public bool Matches(string response) => Kind switch
    {
        Mode.Whole => response.Length == Length && string.GetHashCode(response.AsSpan()) == Hash,
        Mode.Prefix => response.Length >= Length && string.GetHashCode(response.AsSpan(0, Length)) == Hash,
        _ => response.Length >= Length && response.AsSpan(0, response.Length - Length).IsWhiteSpace()
             && string.GetHashCode(response.AsSpan(response.Length - Length)) == Hash,
    };
}
