using Microsoft.Extensions.AI;

namespace DataGen.Stages;

/// <summary>One `### role` section of a prompt template: its role and raw text with placeholders.</summary>
internal sealed record PromptTemplateSection(ChatRole Role, string Text);
