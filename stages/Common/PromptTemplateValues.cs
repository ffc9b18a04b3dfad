namespace DataGen.Stages;

/// <summary>Values for a prompt template's placeholders; null where the stage has none.</summary>
public sealed record PromptTemplateValues(string Prompt, string? Prefix = null, string? Violation = null, string? Response = null);
