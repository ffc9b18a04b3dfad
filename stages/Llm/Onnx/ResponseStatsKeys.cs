namespace DataGen.Stages.Llm.Onnx;

/// <summary>Keys of the per-response backtracking stats in ChatResponse.AdditionalProperties (set only when backtracking decoding ran).</summary>
public static class ResponseStatsKeys
{
    /// <summary>int: backtracks applied.</summary>
    public const string Backtracks = "datagen.backtracks";

    /// <summary>int: tokens sampled, markers, retracted tokens and EOS included (= UsageDetails.OutputTokenCount).</summary>
    public const string TokensGenerated = "datagen.tokens_generated";

    /// <summary>int: tokens of the visible text returned (bytes for the byte LM).</summary>
    public const string TokensKept = "datagen.tokens_kept";

    /// <summary>string[]: the text each backtrack removed from the visible text, in order.</summary>
    public const string Retracted = "datagen.retracted";
}
