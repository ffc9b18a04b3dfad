namespace DataGen.Pipeline.Inspect;

/// <summary>Result of --validate: Ok when no problem was found; Problems lists the first 1000 of ProblemCount.</summary>
public sealed record ValidationReport(bool Ok, long ProblemCount, IReadOnlyList<ValidationProblem> Problems);
