using Microsoft.Extensions.Logging;

namespace DataGen.Pipeline;

/// <summary>Every log message of the pipeline host, source-generated.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Run started: config {ConfigPath} (hash {ConfigHash}), seed {Seed}, output {OutputDirectory}{Mode}")]
    public static partial void RunStarted(ILogger logger, string configPath, string configHash, long seed, string outputDirectory, string mode);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Run {Status} (exit {ExitCode}) in {Duration}: {Rows} rows written, {Rejects} rejected; manifest {ManifestPath}")]
    public static partial void RunFinished(ILogger logger, string status, int exitCode, TimeSpan duration, long rows, long rejects, string manifestPath);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "Run failed: {Reason}")]
    public static partial void RunFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 4, Level = LogLevel.Error, Message = "Run stopped by a fatal error: {Reason}")]
    public static partial void RunFaulted(ILogger logger, string reason, Exception exception);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "Run cancelled after {Rows} rows; prompts fully written are committed, the rest is redone by --resume (press Ctrl+C again to abort at once)")]
    public static partial void RunCancelled(ILogger logger, long rows);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "Progress: {Prompts} prompts read, {Rows} rows written, {Rejects} rejected, {Rate:F1} rows/s; {Stages}")]
    public static partial void Progress(ILogger logger, long prompts, long rows, long rejects, double rate, string stages);

    [LoggerMessage(EventId = 7, Level = LogLevel.Warning, Message = "Cancellation requested ({Signal}); finishing up. Press Ctrl+C again to abort immediately")]
    public static partial void CancelRequested(ILogger logger, string signal);

    [LoggerMessage(EventId = 8, Level = LogLevel.Error, Message = "Could not set up the pipeline: {Reason}")]
    public static partial void ComposeFailed(ILogger logger, string reason, Exception exception);
}
