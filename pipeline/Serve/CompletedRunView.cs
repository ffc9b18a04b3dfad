namespace DataGen.Pipeline.Serve;

/// <summary>The last finished run in /status: Status as its manifest says (completed, failed, cancelled) or "not_started".</summary>
public sealed record CompletedRunView(
    string Id, string? Folder, string Status, int ExitCode, DateTimeOffset StartedUtc, DateTimeOffset EndedUtc, long RowsWritten, long RejectsWritten);
