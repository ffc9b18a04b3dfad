using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Logging;

namespace DataGen.Stages.Training;

/// <summary>
/// Runs the trainer as a child process: stdout JSON lines become typed events, stderr lines go to the log, and
/// cancellation sends SIGTERM (so the trainer checkpoints), then kills the process tree after the grace period.
/// </summary>
public sealed class TrainerProcess(ILogger logger)
{
    private const int MaxLoggedLine = 300;

    public async Task<TrainerOutcome> RunAsync(TrainerLaunch launch, Action<TrainerEvent> onEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(launch);
        ArgumentNullException.ThrowIfNull(onEvent);
        cancellationToken.ThrowIfCancellationRequested();
        using var process = Start(launch);
        TrainingLog.Started(logger, launch.Python, launch.Script, launch.ConfigPath, process.Id);
        long events = 0, invalid = 0;
        var stdout = Task.Run(async () =>
        {
            while (await process.StandardOutput.ReadLineAsync(CancellationToken.None).ConfigureAwait(false) is { } line)
            {
                if (line.Length == 0)
                    continue;
                var parsed = TrainerEventParser.Parse(line, out var problem);
                if (parsed is null)
                {
                    invalid++;
                    TrainingLog.InvalidLine(logger, problem ?? "unreadable", Shorten(line));
                    continue;
                }
                events++;
                if (parsed is TrainerUnknownEvent unknown)
                    TrainingLog.UnknownEvent(logger, unknown.Name);
                onEvent(parsed);
            }
        }, CancellationToken.None);
        var stderr = Task.Run(async () =>
        {
            while (await process.StandardError.ReadLineAsync(CancellationToken.None).ConfigureAwait(false) is { } line)
            {
                if (line.Length > 0)
                    TrainingLog.Stderr(logger, Shorten(line));
            }
        }, CancellationToken.None);

        var exited = process.WaitForExitAsync(CancellationToken.None);
        bool cancelled = false, killed = false;
        try
        {
            await exited.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            cancelled = true;
            killed = !await TerminateAsync(process, exited, launch.CancelGrace).ConfigureAwait(false);
        }
        await Task.WhenAll(stdout, stderr).ConfigureAwait(false);
        TrainingLog.Exited(logger, process.ExitCode, events);
        return new TrainerOutcome(process.ExitCode, cancelled, killed, events, invalid);
    }

    private static Process Start(TrainerLaunch launch)
    {
        var start = new ProcessStartInfo(launch.Python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = new UTF8Encoding(false),
            StandardErrorEncoding = new UTF8Encoding(false),
            UseShellExecute = false,
            WorkingDirectory = launch.WorkingDirectory,
        };
        start.ArgumentList.Add(launch.Script);
        start.ArgumentList.Add("--config");
        start.ArgumentList.Add(launch.ConfigPath);
        // Unbuffered so events arrive as they happen, not when a pipe buffer fills.
        start.Environment["PYTHONUNBUFFERED"] = "1";
        start.Environment["PYTHONIOENCODING"] = "utf-8";
        foreach (var (key, value) in launch.Environment)
            start.Environment[key] = value;
        try
        {
            return Process.Start(start) ?? throw new TrainingSetupException($"train: {launch.Python} did not start");
        }
        catch (Win32Exception e)
        {
            throw new TrainingSetupException($"train: cannot start {launch.Python} ({e.Message}); check train.python", e);
        }
    }

    /// <returns>True when the trainer exited within the grace period after SIGTERM; false when it had to be killed.</returns>
    private async Task<bool> TerminateAsync(Process process, Task exited, TimeSpan grace)
    {
        if (exited.IsCompleted)
            return true;
        TrainingLog.Terminating(logger, process.Id, grace.TotalSeconds);
        await SendTermAsync(process.Id).ConfigureAwait(false);
        if (await Task.WhenAny(exited, Task.Delay(grace)).ConfigureAwait(false) == exited)
            return true;
        TrainingLog.Killed(logger, process.Id, grace.TotalSeconds);
        process.Kill(entireProcessTree: true);
        await exited.ConfigureAwait(false);
        return false;
    }

    // Process.Kill sends SIGKILL, which gives the trainer no chance to checkpoint; `kill -TERM` asks it to stop.
    private async Task SendTermAsync(int pid)
    {
        try
        {
            var start = new ProcessStartInfo("kill") { UseShellExecute = false, RedirectStandardError = true };
            start.ArgumentList.Add("-TERM");
            start.ArgumentList.Add(pid.ToString(System.Globalization.CultureInfo.InvariantCulture));
            using var kill = Process.Start(start)!;
            var error = await kill.StandardError.ReadToEndAsync().ConfigureAwait(false);
            await kill.WaitForExitAsync().ConfigureAwait(false);
            if (kill.ExitCode != 0)
                TrainingLog.SignalFailed(logger, pid, error.Trim());
        }
        catch (Win32Exception e)
        {
            TrainingLog.SignalFailed(logger, pid, e.Message);
        }
    }

    private static string Shorten(string line) => line.Length <= MaxLoggedLine ? line : string.Concat(line.AsSpan(0, MaxLoggedLine), "…");
}
