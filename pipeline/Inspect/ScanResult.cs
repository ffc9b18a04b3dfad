namespace DataGen.Pipeline.Inspect;

/// <summary>Outcome of one pass: the summary, the selected examples, and the problems found (first 1000; ProblemCount counts all).</summary>
public sealed record ScanResult(InspectSummary Summary, IReadOnlyList<ExampleView> Examples, bool Validated, long ProblemCount, IReadOnlyList<ValidationProblem> Problems);
