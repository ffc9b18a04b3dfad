using System.Text.Json;
using DataGen.Pipeline.Build;
using DataGen.Pipeline.Config;
using DataGen.Pipeline.Progress;
using Microsoft.Extensions.Logging;

namespace DataGen.Pipeline.Serve;

/// <summary>
/// One scheduled run: re-reads the config (edits take effect on the next tick), makes output/runs/&lt;utc&gt; and the
/// latest pointer, runs the same BuildRunner as `datagen build` and reports start, counters and outcome to the state.
/// </summary>
public sealed class ScheduledRun(
    string configPath, Func<IPipelineComposer> composerFactory, ServiceState state, ILoggerFactory loggers, TimeProvider time, TextWriter errors)
{
    private static readonly TimeSpan LogProgressInterval = TimeSpan.FromSeconds(30);
    private readonly ILogger _logger = loggers.CreateLogger<ScheduledRun>();

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var startedUtc = time.GetUtcNow();
        LoadedConfig loaded;
        try
        {
            loaded = new ConfigLoader().Load(configPath);
        }
        catch (ConfigException ex)
        {
            foreach (var error in ex.Errors)
                await errors.WriteLineAsync($"error: {error}").ConfigureAwait(false);
            return NotStarted(startedUtc, ExitCodes.ConfigError, ex.Errors[0]);
        }

        var outputRoot = loaded.Resolve(loaded.Config.Run.Output);
        string folder;
        try
        {
            folder = RunFolders.CreateDefault(outputRoot, startedUtc);
            RunFolders.WriteLatest(outputRoot, folder);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            var message = $"run.output: cannot create a run folder under {outputRoot} ({ex.Message}); make it writable or point run.output elsewhere";
            await errors.WriteLineAsync($"error: {message}").ConfigureAwait(false);
            return NotStarted(startedUtc, ExitCodes.RunFailed, message);
        }

        var id = Path.GetFileName(folder);
        state.RunStarted(id, folder, startedUtc);
        ServeLog.RunStarting(_logger, id, folder);
        using var runErrors = new StringWriter();
        var progress = new StatusProgressReporter(state, new LogProgressReporter(loggers.CreateLogger<LogProgressReporter>(), LogProgressInterval));
        var runner = new BuildRunner(composerFactory(), new ConfigLoader(), loggers, runErrors);
        int exitCode;
        string? failure = null;
        try
        {
            exitCode = await runner.RunAsync(new BuildRequest(configPath, folder), progress, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // BuildRunner reports run failures as exit codes; anything thrown is a bug or an I/O failure outside the engine.
            exitCode = ExitCodes.RunFailed;
            failure = ex.Message;
        }
        var errorText = runErrors.ToString();
        if (errorText.Length > 0)
            await errors.WriteAsync(errorText).ConfigureAwait(false);

        var manifest = ReadManifest(folder);
        failure ??= FirstLine(errorText) ?? manifest.Error;
        var status = manifest.Status ?? (exitCode == ExitCodes.Ok ? "completed" : "failed");
        state.RunFinished(
            new CompletedRunView(id, folder, status, exitCode, startedUtc, time.GetUtcNow(), manifest.Rows, manifest.Rejects),
            exitCode == ExitCodes.Ok ? null : failure ?? $"run {id} ended {status} (exit {exitCode})");
        ServeLog.RunEnded(_logger, id, status, exitCode);
        return exitCode;
    }

    private int NotStarted(DateTimeOffset startedUtc, int exitCode, string error)
    {
        state.RunFinished(new CompletedRunView("-", null, "not_started", exitCode, startedUtc, time.GetUtcNow(), 0, 0), error);
        ServeLog.RunNotStarted(_logger, error);
        return exitCode;
    }

    private static string? FirstLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();

    private static (string? Status, string? Error, long Rows, long Rejects) ReadManifest(string folder)
    {
        var path = Path.Combine(folder, "manifest.json");
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = document.RootElement;
            return (
                root.TryGetProperty("status", out var s) ? s.GetString() : null,
                root.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null,
                root.TryGetProperty("rows_written", out var r) ? r.GetInt64() : 0,
                root.TryGetProperty("rejects_written", out var j) ? j.GetInt64() : 0);
        }
        catch (Exception ex) when (ex is IOException or JsonException or UnauthorizedAccessException or InvalidOperationException)
        {
            return (null, null, 0, 0);
        }
    }
}
