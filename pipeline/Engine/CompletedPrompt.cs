namespace DataGen.Pipeline.Engine;

/// <summary>A prompt whose rows are all done, in write order, with what the prompt cost.</summary>
internal sealed record CompletedPrompt(IReadOnlyList<TerminalRow> Rows, PromptTally Tally);
