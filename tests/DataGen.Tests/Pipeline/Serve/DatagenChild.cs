using System.Collections.Concurrent;
using System.Diagnostics;
using DataGen.Tests.Pipeline.Support;

namespace DataGen.Tests.Pipeline.Serve;

/// <summary>`datagen` as a child process whose stderr lines are collected as they come, so a test can wait for a log line and send SIGTERM.</summary>
internal sealed class DatagenChild : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly Task _stdout;
    private readonly Task _stderr;

    private DatagenChild(Process process)
    {
        _process = process;
        _stdout = Pump(process.StandardOutput);
        _stderr = Pump(process.StandardError);
    }

    public string Output => string.Join("\n", _lines);

    public static DatagenChild Start(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        return new DatagenChild(Process.Start(DatagenProcess.StartInfo(args, environment))!);
    }

    /// <summary>Waits until a collected line matches, failing the test with the output so far when it does not come.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (_lines.FirstOrDefault(match) is { } line)
                return line;
            if (_process.HasExited)
                break;
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
        return _lines.FirstOrDefault(match) ?? throw new Xunit.Sdk.XunitException($"no matching log line (exited: {_process.HasExited}); output:\n{Output}");
    }

    public void SendSigterm()
    {
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        limit.CancelAfter(timeout);
        await _process.WaitForExitAsync(limit.Token);
        await Task.WhenAll(_stdout, _stderr);
        return _process.ExitCode;
    }

    private async Task Pump(StreamReader reader)
    {
        while (await reader.ReadLineAsync() is { } line)
            _lines.Enqueue(line);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
