using System.Diagnostics;

namespace DataGen.Tests.Pipeline.Support;

/// <summary>Runs the built datagen.dll as a child process, as a user runs it; returns its exit code, stdout and stderr.</summary>
internal static class DatagenProcess
{
    public static Task<(int ExitCode, string Output, string Errors)> RunAsync(params string[] args) =>
        RunAsync(TimeSpan.FromMinutes(3), args);

    public static async Task<(int ExitCode, string Output, string Errors)> RunAsync(TimeSpan timeLimit, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "datagen.dll"));
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(timeLimit);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
