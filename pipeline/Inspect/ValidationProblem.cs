namespace DataGen.Pipeline.Inspect;

/// <summary>One broken schema or invariant: the file, the 0-based row (-1 for file-level problems), a check code and a message.</summary>
public sealed record ValidationProblem(string File, long Row, string Check, string Message)
{
    public override string ToString() => Row < 0 ? $"{File}: {Check}: {Message}" : $"{File}: row {Row}: {Check}: {Message}";
}
