namespace DataGen.Stages.Training;

/// <summary>An interpreter that imported torch: the command as configured, its sys.executable and the versions it reported.</summary>
public sealed record PythonInterpreter(string Command, string Executable, string PythonVersion, string TorchVersion);
