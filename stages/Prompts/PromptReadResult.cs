using DataGen.Schemas;

namespace DataGen.Stages.Prompts;

/// <summary>One item read from the prompt file: either a prompt or the reject that replaced a bad line.</summary>
public sealed record PromptReadResult(PromptRecord? Prompt, RejectRecord? Reject);
