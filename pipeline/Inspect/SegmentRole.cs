namespace DataGen.Pipeline.Inspect;

/// <summary>How a piece of an example's text is highlighted.</summary>
public enum SegmentRole
{
    /// <summary>Text kept before the rewind point.</summary>
    Kept,

    /// <summary>Zero-width: the rewind point.</summary>
    Rewind,

    /// <summary>Retracted text that the classifier did not flag itself (word-aligned lead-in or tail of the violation).</summary>
    Violation,

    /// <summary>A classifier toxic span.</summary>
    Toxic,

    /// <summary>The sample's text after the violation.</summary>
    Remainder,

    /// <summary>The backtrack / reset marker.</summary>
    Marker,

    /// <summary>The corrected continuation.</summary>
    Continuation,
}
