using System.Collections.Concurrent;
using DataGen.Stages.Training;
using DataGen.Tests.Infrastructure;

namespace DataGen.Tests.Stages.Training;

public sealed class TrainerProcessTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("datagen-trainer-").FullName;
    private readonly CapturingLoggerFactory _logs = new();

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private TrainerProcess Process() => new(_logs.CreateLogger("trainer"));

    [Fact]
    public async Task RunAsync_TypesEveryEvent_WarnsOnNonJsonLine_ForwardsStderr()
    {
        var launch = await FakeTrainer.LaunchAsync(_folder, "ok");
        var events = new ConcurrentQueue<TrainerEvent>();

        var outcome = await Process().RunAsync(launch, events.Enqueue, TestContext.Current.CancellationToken);

        Assert.Equal((0, false, false, 0), (outcome.ExitCode, outcome.Cancelled, outcome.Killed, outcome.DatagenExitCode));
        Assert.Equal(1, outcome.InvalidLines);
        var list = events.ToList();
        Assert.Equal(
            [typeof(TrainerStartEvent), typeof(TrainerStepEvent), typeof(TrainerStepEvent), typeof(TrainerCheckpointEvent), typeof(TrainerPhaseDoneEvent),
             typeof(TrainerUnknownEvent), typeof(TrainerStepEvent), typeof(TrainerStepEvent), typeof(TrainerPhaseDoneEvent), typeof(TrainerDoneEvent)],
            list.Select(e => e.GetType()));
        Assert.Equal(list.Count, outcome.Events);
        var start = Assert.IsType<TrainerStartEvent>(list[0]);
        Assert.Equal(("bundled", 3L, 1L), (start.ModelKind, start.SftRows, start.DpoRows)); // the fake counted the JSONL lines the config named
        var lastDpo = Assert.IsType<TrainerStepEvent>(list[7]);
        Assert.Equal(("dpo", 2L, 0.75, 0.2), (lastDpo.Phase, lastDpo.Step, lastDpo.RewardAccuracy, lastDpo.RewardMargin));
        var done = Assert.IsType<TrainerDoneEvent>(list[^1]);
        Assert.Equal(0.75, done.Metrics!.Value.GetProperty("dpo_reward_accuracy").GetDouble());
        Assert.Contains(_logs.Lines, l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains("this line is not JSON", StringComparison.Ordinal));
        Assert.Contains(_logs.Lines, l => l.Contains("trainer: fake trainer: warming up", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("fail", 1, 1)]
    [InlineData("bad-data", 2, 2)]
    public async Task RunAsync_MapsTrainerExitCodes(string mode, int trainerExit, int datagenExit)
    {
        var launch = await FakeTrainer.LaunchAsync(_folder, mode);
        var events = new ConcurrentQueue<TrainerEvent>();

        var outcome = await Process().RunAsync(launch, events.Enqueue, TestContext.Current.CancellationToken);

        Assert.Equal((trainerExit, datagenExit), (outcome.ExitCode, outcome.DatagenExitCode));
        Assert.IsType<TrainerErrorEvent>(events.Last());
    }

    [Fact]
    public async Task Cancel_SendsSigterm_TrainerCheckpointsAndExits130()
    {
        var launch = await FakeTrainer.LaunchAsync(_folder, "hang");
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var events = new ConcurrentQueue<TrainerEvent>();

        var outcome = await Process().RunAsync(launch, e =>
        {
            events.Enqueue(e);
            if (e is TrainerStepEvent)
                cancel.Cancel();
        }, cancel.Token);

        Assert.Equal((130, true, false, 130), (outcome.ExitCode, outcome.Cancelled, outcome.Killed, outcome.DatagenExitCode));
        // The checkpoint event is written by the fake's SIGTERM handler: proof that it got SIGTERM, not SIGKILL.
        Assert.IsType<TrainerCheckpointEvent>(events.Last());
        Assert.Contains(_logs.Lines, l => l.Contains("SIGTERM sent", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Cancel_TrainerIgnoringSigterm_IsKilledAfterGracePeriod()
    {
        var launch = await FakeTrainer.LaunchAsync(_folder, "ignore-term", TimeSpan.FromSeconds(1));
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);

        var outcome = await Process().RunAsync(launch, e =>
        {
            if (e is TrainerStepEvent)
                cancel.Cancel();
        }, cancel.Token);

        Assert.Equal((true, true, 130), (outcome.Cancelled, outcome.Killed, outcome.DatagenExitCode));
        Assert.Contains(_logs.Lines, l => l.Contains("trainer: fake trainer: ignoring SIGTERM", StringComparison.Ordinal));
        Assert.Contains(_logs.Lines, l => l.Contains("did not exit within", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_MissingInterpreter_IsASetupError()
    {
        var launch = (await FakeTrainer.LaunchAsync(_folder, "ok")) with { Python = Path.Combine(_folder, "no-such-python") };

        var error = await Assert.ThrowsAsync<TrainingSetupException>(() => Process().RunAsync(launch, _ => { }, TestContext.Current.CancellationToken));

        Assert.Contains("cannot start", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }
}
