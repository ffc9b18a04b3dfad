namespace DataGen.Stages.Llm.Onnx;

/// <summary>Which markers sampling may pick next under the backtrack cap.</summary>
public enum MarkerMask
{
    /// <summary>Below the cap: every marker.</summary>
    All,

    /// <summary>At the cap right after [BACKTRACK_BY_max]: only [BACKTRACK_BY_k], which continue that backtrack.</summary>
    ContinuationOnly,

    /// <summary>At the cap: none.</summary>
    None,
}
