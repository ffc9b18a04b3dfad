namespace DataGen.Stages.Prompts;

/// <summary>The prompt source as a whole is unusable (missing file, unreadable format, missing column); the run cannot start.</summary>
public sealed class PromptSourceException(string message, Exception? inner = null) : Exception(message, inner);
