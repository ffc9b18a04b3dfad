namespace DataGen.Stages.Spans.Evaluation;

/// <summary>An input table is unreadable; the message is one line naming the file, line and column and the fix.</summary>
public sealed class InputFileException(string message, Exception? inner = null) : Exception(message, inner);
