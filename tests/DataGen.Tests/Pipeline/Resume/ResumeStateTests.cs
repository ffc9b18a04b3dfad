using DataGen.Pipeline.Resume;

namespace DataGen.Tests.Pipeline.Resume;

public sealed class ResumeStateTests
{
    private static ResumeState State(long? limit = 50) => new("/runs/r1",
        new JournalState(new JournalHeader(RunJournal.Version, "/cfg/pipeline.yaml", "0123456789abcdef", 7, limit, 10, DateTimeOffset.UnixEpoch), 2, null, 100));

    [Fact]
    public void Problems_NoneWhenConfigSeedAndLimitMatchOrAreLeftOut()
    {
        Assert.Empty(State().Problems("0123456789abcdef", seed: null, limit: null, force: false));
        Assert.Empty(State().Problems("0123456789abcdef", seed: 7, limit: 50, force: false));
        Assert.Equal(3, State().Session);
        Assert.Equal(0, State().PromptsCommitted);
        Assert.Null(State().Outputs);
    }

    [Fact]
    public void Problems_AChangedConfigIsRefusedUnlessForced_ADifferentSeedOrLimitAlways()
    {
        var changed = Assert.Single(State().Problems("ffffffffffffffff", null, null, force: false));
        Assert.Contains("/cfg/pipeline.yaml: the config changed since the run started", changed, StringComparison.Ordinal);
        Assert.Contains("--force", changed, StringComparison.Ordinal);
        Assert.Empty(State().Problems("ffffffffffffffff", null, null, force: true));

        var problems = State().Problems("0123456789abcdef", seed: 8, limit: 60, force: true).ToList();
        Assert.Equal(2, problems.Count);
        Assert.StartsWith("--seed 8: the run was started with seed 7", problems[0], StringComparison.Ordinal);
        Assert.StartsWith("--limit 60: the run was started with --limit 50", problems[1], StringComparison.Ordinal);
        Assert.Contains("--limit (none)", Assert.Single(State(limit: null).Problems("0123456789abcdef", null, 5, false)), StringComparison.Ordinal);
    }
}
