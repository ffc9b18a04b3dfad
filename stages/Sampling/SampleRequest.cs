using DataGen.Schemas;

namespace DataGen.Stages.Sampling;

/// <summary>One sample to draw for a prompt: the unit the sampling stage processes, so one failed sample rejects only itself.</summary>
public sealed record SampleRequest(PromptRecord Prompt, int SampleIndex) : IRowKeyed
{
    public RowKey Key => new(Prompt.Id, SampleIndex);
}
