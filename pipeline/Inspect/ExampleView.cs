namespace DataGen.Pipeline.Inspect;

/// <summary>
/// One row prepared for display: the prompt, the response split into highlighted segments (samples, sft), and for DPO
/// pairs the chosen and rejected sides. Fields hold the scalar columns used by --where filters and shown as details.
/// </summary>
public sealed record ExampleView(
    string Output,
    string Id,
    string Kind,
    IReadOnlyList<MessageView> Prompt,
    IReadOnlyList<TextSegment> Segments,
    string? Chosen,
    string? Rejected,
    IReadOnlyDictionary<string, string> Fields);
