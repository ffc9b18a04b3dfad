namespace DataGen.Pipeline.Serve;

/// <summary>The active run in /status; Stages is empty until the pipeline is composed.</summary>
public sealed record CurrentRunView(
    string Id, string Folder, DateTimeOffset StartedUtc, IReadOnlyList<StageView> Stages, long PromptsDone, long RowsWritten, long RejectsWritten);
