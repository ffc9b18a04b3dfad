namespace DataGen.Stages.Training;

/// <summary>What one candidate interpreter did when asked to import torch.</summary>
internal sealed record PythonProbe(string Command, PythonProbe.Outcome Result, string Detail, PythonInterpreter? Interpreter = null)
{
    public enum Outcome
    {
        Ok,
        NotFound,
        NotPython,
        NoTorch,
    }
}
