using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace DataGen.Pipeline.Training;

/// <summary>A live table on the terminal: per phase the step/total, epoch, loss, DPO reward accuracy and margin; elapsed and last checkpoint below.</summary>
public sealed class LiveTrainingDisplay(IAnsiConsole console) : ITrainingProgress
{
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromMilliseconds(250);

    public Task RunAsync(TrainingProgressState state, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(state);
        return console.Live(Render(state.Snapshot())).AutoClear(false).StartAsync(async context =>
        {
            while (!stop.IsCancellationRequested)
            {
                context.UpdateTarget(Render(state.Snapshot()));
                context.Refresh();
                try
                {
                    await Task.Delay(RefreshInterval, stop).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                }
            }
            context.UpdateTarget(Render(state.Snapshot()));
            context.Refresh();
        });
    }

    internal static IRenderable Render(TrainingSnapshot snapshot)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("phase").AddColumn(new TableColumn("step").RightAligned()).AddColumn(new TableColumn("epoch").RightAligned())
            .AddColumn(new TableColumn("loss").RightAligned()).AddColumn(new TableColumn("first loss").RightAligned())
            .AddColumn(new TableColumn("reward acc").RightAligned()).AddColumn(new TableColumn("margin").RightAligned())
            .AddColumn(new TableColumn("lr").RightAligned());
        foreach (var phase in snapshot.Phases)
        {
            table.AddRow(
                Markup.Escape(phase.Phase) + (phase.Done ? " [green]done[/]" : ""),
                $"{phase.Step.ToString(CultureInfo.InvariantCulture)}/{phase.TotalSteps.ToString(CultureInfo.InvariantCulture)}",
                phase.Epoch.ToString("0.##", CultureInfo.InvariantCulture),
                TrainingFormat.Number(phase.LossLast),
                TrainingFormat.Number(phase.LossFirst),
                TrainingFormat.Number(phase.RewardAccuracy),
                TrainingFormat.Number(phase.RewardMargin),
                phase.LearningRate is { } lr ? lr.ToString("0.###e+0", CultureInfo.InvariantCulture) : "-");
        }
        var start = snapshot.Start is { } s ? $"{s.ModelKind} on {s.Device}, {s.Parameters.ToString("N0", CultureInfo.InvariantCulture)} parameters · " : "starting · ";
        var checkpoint = snapshot.LastCheckpoint is { } c ? $" · checkpoint {c.Path}" : "";
        var caption = $"{start}elapsed {snapshot.Elapsed.ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture)}{checkpoint}";
        return new Rows(table, new Markup(Markup.Escape(caption)));
    }
}
