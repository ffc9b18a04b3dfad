namespace DataGen.Stages.Training;

/// <summary>Training cannot start (config, data, Python or PyTorch); the message is one line naming the key or file and the fix. Exit 2.</summary>
public sealed class TrainingSetupException(string message, Exception? inner = null) : Exception(message, inner);
