namespace DataGen.Stages.Llm.Onnx;

/// <summary>Turns one request's generated tokens into its response text (plain, or backtracking-aware).</summary>
public interface IResponseText
{
    /// <summary>Adds one generated token (not EOS); returns true when it completed a stop sequence.</summary>
    bool Add(int token);

    /// <summary>Text that became final since the last call (for streaming).</summary>
    string TakeReady();

    /// <summary>The remaining text when generation ends.</summary>
    string TakeRest();
}
