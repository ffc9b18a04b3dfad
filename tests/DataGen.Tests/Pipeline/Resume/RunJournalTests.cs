using System.Text;
using DataGen.Pipeline.Engine;
using DataGen.Pipeline.Resume;

namespace DataGen.Tests.Pipeline.Resume;

public sealed class RunJournalTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("datagen-journal-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static JournalHeader Header => new(RunJournal.Version, "/cfg/pipeline.yaml", "abc123", 7, 40, 3, DateTimeOffset.UnixEpoch);

    private static JournalCheckpoint Checkpoint(long number, long prompts) => new(
        1, number, prompts, $"p{prompts}", [$"samples/part-{number - 1:D5}.parquet"],
        new Dictionary<string, long> { ["samples"] = prompts * 2 }, new Dictionary<string, long> { ["recover"] = 1 },
        new Dictionary<string, long>(), RunTotals.Empty with { PromptsCommitted = prompts, RowsWritten = prompts * 2 }, Complete: false);

    private async Task WriteTwoCheckpointsAsync()
    {
        await using var journal = await RunJournal.CreateAsync(_folder, Header, TestContext.Current.CancellationToken);
        await journal.AppendAsync(new JournalEntry(Session: new JournalSession(1, DateTimeOffset.UnixEpoch, 0)), TestContext.Current.CancellationToken);
        await journal.AppendAsync(new JournalEntry(Checkpoint: Checkpoint(1, 3)), TestContext.Current.CancellationToken);
        await journal.AppendAsync(new JournalEntry(Checkpoint: Checkpoint(2, 6)), TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Read_ReturnsHeaderSessionsAndTheLastCheckpoint()
    {
        await WriteTwoCheckpointsAsync();

        var state = RunJournal.Read(_folder);

        Assert.Equal(Header, state.Header);
        Assert.Equal(1, state.Sessions);
        Assert.Equal((2L, 6L, "p6"), (state.LastCheckpoint!.Number, state.LastCheckpoint.PromptsCommitted, state.LastCheckpoint.LastPromptId));
        Assert.Equal(["samples/part-00001.parquet"], state.LastCheckpoint.Files);
        Assert.Equal(12, state.LastCheckpoint.Totals.RowsWritten);
        Assert.Equal(new FileInfo(RunJournal.PathIn(_folder)).Length, state.ValidLength);
    }

    [Theory]
    [InlineData("{\"checkpoint\":{\"session\":1,\"number\":3,\"prompts_comm")]
    [InlineData("{\"checkpoint\":{\"session\":1,\"number\":3,\"prompts_comm\n")]
    public async Task Read_IgnoresATornLastLine_AndReopeningCutsItOff(string torn)
    {
        await WriteTwoCheckpointsAsync();
        var intact = new FileInfo(RunJournal.PathIn(_folder)).Length;
        await File.AppendAllTextAsync(RunJournal.PathIn(_folder), torn, Encoding.UTF8, TestContext.Current.CancellationToken);

        var state = RunJournal.Read(_folder);
        Assert.Equal(6, state.LastCheckpoint!.PromptsCommitted);
        Assert.Equal(intact, state.ValidLength);

        await using (var journal = RunJournal.OpenForAppend(_folder, state))
            await journal.AppendAsync(new JournalEntry(Checkpoint: Checkpoint(3, 9)), TestContext.Current.CancellationToken);
        var after = RunJournal.Read(_folder);
        Assert.Equal(9, after.LastCheckpoint!.PromptsCommitted);
        Assert.Equal(new FileInfo(RunJournal.PathIn(_folder)).Length, after.ValidLength);
    }

    [Fact]
    public async Task Read_RefusesADamagedLineBeforeTheLast_NamingFileAndLine()
    {
        await WriteTwoCheckpointsAsync();
        var lines = await File.ReadAllLinesAsync(RunJournal.PathIn(_folder), TestContext.Current.CancellationToken);
        lines[2] = "{not json";
        await File.WriteAllLinesAsync(RunJournal.PathIn(_folder), lines, TestContext.Current.CancellationToken);

        var error = Assert.Throws<JournalException>(() => RunJournal.Read(_folder));

        Assert.Contains($"{RunJournal.FileName}:3:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_WithoutAJournal_SaysWhatResumeNeeds()
    {
        var error = Assert.Throws<JournalException>(() => RunJournal.Read(_folder));

        Assert.Contains("no journal.jsonl", error.Message, StringComparison.Ordinal);
    }
}
