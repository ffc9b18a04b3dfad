using DataGen.Pipeline.Engine;

namespace DataGen.Pipeline.Resume;

/// <summary>This process's part of a resumable run: its journal, its checkpointer and what earlier sessions committed.</summary>
public sealed class RunSession(RunJournal journal, RunCheckpointer checkpointer, int number, long promptsSkipped, RunTotals? previousTotals) : IAsyncDisposable
{
    public RunCheckpointer Checkpointer { get; } = checkpointer;
    public int Number { get; } = number;
    public long PromptsSkipped { get; } = promptsSkipped;
    public RunTotals? PreviousTotals { get; } = previousTotals;

    public ValueTask DisposeAsync() => journal.DisposeAsync();
}
