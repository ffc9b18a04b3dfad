using System.Diagnostics;
using System.Text;

namespace DataGen.Tests.Pipeline.Support;

/// <summary>
/// The built datagen.dll as a child process, as a user runs it: <see cref="RunAsync(string[])"/> runs it to the end and
/// returns its exit code, stdout and stderr; <see cref="Start"/> returns the running process, whose output is collected
/// while it runs, so a test can signal or kill it mid-run.
/// </summary>
internal sealed class DatagenProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private DatagenProcess(Process process) => _process = process;

    public static Task<(int ExitCode, string Output, string Errors)> RunAsync(params string[] args) =>
        RunAsync(TimeSpan.FromMinutes(3), args);

    public static async Task<(int ExitCode, string Output, string Errors)> RunAsync(TimeSpan timeLimit, params string[] args)
    {
        using var process = Process.Start(StartInfo(args))!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(timeLimit);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    public static DatagenProcess Start(params string[] args)
    {
        var process = new Process { StartInfo = StartInfo(args) };
        var running = new DatagenProcess(process);
        process.OutputDataReceived += (_, e) => running.Append(e.Data);
        process.ErrorDataReceived += (_, e) => running.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return running;
    }

    public int Id => _process.Id;
    public bool HasExited => _process.HasExited;
    public int ExitCode => _process.ExitCode;

    /// <summary>stdout and stderr lines so far, interleaved as they arrived.</summary>
    public string Output
    {
        get
        {
            lock (_output)
                return _output.ToString();
        }
    }

    /// <summary>SIGKILL on Linux: no handler runs, nothing is flushed, as in a crash or an OOM kill.</summary>
    public void Kill() => _process.Kill(entireProcessTree: true);

    public async Task<int> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        await _process.WaitForExitAsync(limit.Token);
        _process.WaitForExit(); // drains the redirected output
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }

    /// <summary>`dotnet datagen.dll ARGS` with stdout and stderr redirected and optional extra environment variables.</summary>
    public static ProcessStartInfo StartInfo(string[] args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "datagen.dll"));
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            start.Environment[name] = value;
        return start;
    }

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (_output)
            _output.AppendLine(line);
    }
}
