using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;

namespace DataGen.Pipeline.Cli;

/// <summary>Ctrl+C or SIGTERM cancels the run gracefully (completed prompts committed for --resume, manifest "cancelled"); a second signal exits at once with 130.</summary>
internal sealed class CancellationSignals : IDisposable
{
    private readonly CancellationTokenSource _source = new();
    private readonly PosixSignalRegistration _terminate;
    private readonly ILogger _logger;
    private int _signals;

    public CancellationSignals(ILogger logger)
    {
        _logger = logger;
        Console.CancelKeyPress += OnCancelKeyPress;
        _terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            Request("SIGTERM");
        });
    }

    public CancellationToken Token => _source.Token;

    private void OnCancelKeyPress(object? sender, ConsoleCancelEventArgs e)
    {
        e.Cancel = true;
        Request("Ctrl+C");
    }

    private void Request(string signal)
    {
        if (Interlocked.Increment(ref _signals) > 1)
            Environment.Exit(ExitCodes.Cancelled);
        Log.CancelRequested(_logger, signal);
        _source.Cancel();
    }

    public void Dispose()
    {
        Console.CancelKeyPress -= OnCancelKeyPress;
        _terminate.Dispose();
        _source.Dispose();
    }
}
