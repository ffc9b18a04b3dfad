namespace DataGen.Schemas;

/// <summary>One sampled response to a prompt.</summary>
public sealed record Sample(
    PromptRecord Prompt,
    int SampleIndex,
    string Response,
    string Backend,
    string Model,
    long Seed,
    TokenUsage Usage,
    string? FinishReason) : IRowKeyed
{
    public RowKey Key => new(Prompt.Id, SampleIndex);
}
