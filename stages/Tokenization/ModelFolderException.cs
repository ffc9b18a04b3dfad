namespace DataGen.Stages.Tokenization;

/// <summary>A model folder or its files are unusable; the message is one line naming the file, the key and the fix.</summary>
public sealed class ModelFolderException(string message, Exception? inner = null) : Exception(message, inner);
