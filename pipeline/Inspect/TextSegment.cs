namespace DataGen.Pipeline.Inspect;

/// <summary>A run of example text with one highlight role (Rewind segments have empty text).</summary>
public sealed record TextSegment(SegmentRole Role, string Text);
