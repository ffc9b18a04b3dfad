using DataGen.Pipeline.Training;
using DataGen.Stages.Training;
using Spectre.Console;

namespace DataGen.Tests.Pipeline.Training;

public sealed class LiveTrainingDisplayTests
{
    [Fact]
    public void Render_ShowsEachPhase_StepOfTotal_Loss_RewardAccuracy_AndCheckpoint()
    {
        var state = new TrainingProgressState();
        state.Apply(new TrainerStartEvent("bundled", "cpu", 2012345, 9, 7, null));
        state.Apply(new TrainerStepEvent("sft", 1, 4, 0, 2.5, 3e-4, 0.1));
        state.Apply(new TrainerStepEvent("sft", 4, 4, 1, 1.75, 3e-4, 0.4));
        state.Apply(new TrainerPhaseDoneEvent("sft", 4, 2.5, 1.75));
        state.Apply(new TrainerStepEvent("dpo", 3, 8, 0, 0.61, 5e-5, 0.9, RewardMargin: 0.125, RewardAccuracy: 0.625));
        state.Apply(new TrainerCheckpointEvent("dpo", 3, "/run/train/checkpoints/dpo-000003"));
        using var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        console.Profile.Width = 200;

        console.Write(LiveTrainingDisplay.Render(state.Snapshot()));

        var text = output.ToString();
        Assert.Contains("sft done", text, StringComparison.Ordinal);
        Assert.Contains("4/4", text, StringComparison.Ordinal);
        Assert.Contains("3/8", text, StringComparison.Ordinal);
        Assert.Contains("1.75", text, StringComparison.Ordinal);
        Assert.Contains("0.625", text, StringComparison.Ordinal);
        Assert.Contains("2,012,345 parameters", text, StringComparison.Ordinal);
        Assert.Contains("checkpoint /run/train/checkpoints/dpo-000003", text, StringComparison.Ordinal);
    }

    [Fact]
    public void State_PhaseDone_OverridesStepsAndLosses_KeepsDpoRewards()
    {
        var state = new TrainingProgressState();
        state.Apply(new TrainerStepEvent("dpo", 1, 2, 0, 0.69, 5e-5, 0.1, RewardMargin: 0.5, RewardAccuracy: 1.0));
        state.Apply(new TrainerPhaseDoneEvent("dpo", 2, 0.7, 0.6));

        var phase = Assert.Single(state.Snapshot().Phases);

        Assert.Equal((2L, 0.7, 0.6, 1.0, true), (phase.Step, phase.LossFirst, phase.LossLast, phase.RewardAccuracy, phase.Done));
        Assert.NotNull(phase.Ended);
    }
}
