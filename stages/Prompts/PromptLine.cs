namespace DataGen.Stages.Prompts;

/// <summary>One physical line of a text file as raw bytes (without the line break); TooLong lines carry no bytes.</summary>
internal readonly record struct PromptLine(long Number, ReadOnlyMemory<byte> Bytes, bool TooLong);
