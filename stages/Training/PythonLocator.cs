using System.ComponentModel;
using System.Diagnostics;

namespace DataGen.Stages.Training;

/// <summary>
/// Finds the interpreter for the trainer: `auto` probes `python3` on PATH, then /usr/bin/python3, and takes the first
/// that imports torch; an explicit path is probed alone. Failure is one line saying what to install.
/// </summary>
public sealed class PythonLocator(TimeSpan probeTimeout)
{
    public const string Auto = "auto";
    public const string InstallHint = "install it with `sudo apt install python3-torch libopenblas0-pthread` (Debian) or `pip install torch`";

    public static IReadOnlyList<string> AutoCandidates { get; } = ["python3", "/usr/bin/python3"];

    private const string ProbeScript = "import sys; print('python', sys.version.split()[0], sys.executable, flush=True); import torch; print('torch', torch.__version__, flush=True)";

    public PythonLocator()
        : this(TimeSpan.FromMinutes(2))
    {
    }

    /// <param name="setting">auto or an interpreter path.</param>
    /// <param name="settingKey">Where the setting came from (train.python or --python), named in the error.</param>
    public async Task<PythonInterpreter> LocateAsync(string setting, string settingKey, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(setting);
        var candidates = setting == Auto ? AutoCandidates : [setting];
        var probes = new List<PythonProbe>();
        foreach (var candidate in candidates)
        {
            var probe = await ProbeAsync(candidate, cancellationToken).ConfigureAwait(false);
            if (probe.Interpreter is { } found)
                return found;
            probes.Add(probe);
        }
        throw new TrainingSetupException(Describe(settingKey, setting, probes));
    }

    private static string Describe(string settingKey, string setting, List<PythonProbe> probes)
    {
        var fix = $"or set {settingKey} to an interpreter that has it";
        var noTorch = probes.Where(p => p.Result == PythonProbe.Outcome.NoTorch).ToList();
        if (noTorch.Count > 0)
        {
            var names = string.Join(", ", noTorch.Select(p => p.Command == p.Detail ? p.Command : $"{p.Command} ({p.Detail})"));
            return $"train: PyTorch is not importable by {names}; {InstallHint}, {fix}";
        }
        var notPython = probes.FirstOrDefault(p => p.Result == PythonProbe.Outcome.NotPython);
        if (notPython is not null)
            return $"{settingKey}: {notPython.Command} is not a working Python 3 interpreter ({notPython.Detail}); point {settingKey} at python3 with PyTorch ({InstallHint})";
        var tried = setting == Auto ? $"tried {string.Join(", ", AutoCandidates)}" : $"{setting} does not exist or cannot be run";
        return $"{settingKey}: no Python interpreter found ({tried}); install Python 3 with PyTorch (`sudo apt install python3 python3-torch libopenblas0-pthread` on Debian, or `pip install torch`), or set {settingKey}";
    }

    private async Task<PythonProbe> ProbeAsync(string command, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(command) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(ProbeScript);
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new Win32Exception("process did not start");
        }
        catch (Win32Exception e)
        {
            return new PythonProbe(command, PythonProbe.Outcome.NotFound, e.Message);
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(probeTimeout);
            try
            {
                await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                cancellationToken.ThrowIfCancellationRequested();
                return new PythonProbe(command, PythonProbe.Outcome.NotPython, $"no answer within {probeTimeout.TotalSeconds:F0} s");
            }
            var lines = (await stdout.ConfigureAwait(false)).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var error = LastLine(await stderr.ConfigureAwait(false));
            var python = lines.FirstOrDefault(l => l.StartsWith("python ", StringComparison.Ordinal))?.Split(' ', 3);
            if (python is not { Length: 3 })
                return new PythonProbe(command, PythonProbe.Outcome.NotPython, $"exit {process.ExitCode}{(error.Length > 0 ? $": {error}" : "")}");
            var torch = lines.FirstOrDefault(l => l.StartsWith("torch ", StringComparison.Ordinal));
            if (process.ExitCode != 0 || torch is null)
                return new PythonProbe(command, PythonProbe.Outcome.NoTorch, python[2]);
            return new PythonProbe(command, PythonProbe.Outcome.Ok, "", new PythonInterpreter(command, python[2], python[1], torch[6..]));
        }
    }

    private static string LastLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "";
}
