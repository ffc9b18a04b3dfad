namespace DataGen.Stages.Llm.Onnx;

/// <summary>What a marker token does to the visible text.</summary>
public enum MarkerKind
{
    /// <summary>Not a marker (a byte, EOS, or an unnamed id).</summary>
    None,

    /// <summary>[RESET]: the visible text becomes empty.</summary>
    Reset,

    /// <summary>[BACKTRACK_BY_k]: the last k tokens of the visible text are dropped.</summary>
    BacktrackBy,

    /// <summary>[TOXIC], [INSULT], ...: invisible, changes nothing.</summary>
    Category,
}
