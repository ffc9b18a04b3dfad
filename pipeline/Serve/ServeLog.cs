using Microsoft.Extensions.Logging;

namespace DataGen.Pipeline.Serve;

/// <summary>Log messages of `datagen serve`, source-generated.</summary>
internal static partial class ServeLog
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Tick ({Trigger}): starting a run")]
    public static partial void TickStarted(ILogger logger, string trigger);

    [LoggerMessage(EventId = 101, Level = LogLevel.Warning, Message = "Tick ({Trigger}) skipped: {Reason}")]
    public static partial void TickSkipped(ILogger logger, string trigger, string reason);

    [LoggerMessage(EventId = 102, Level = LogLevel.Information, Message = "Tick ({Trigger}) queued: {Reason}")]
    public static partial void TickQueued(ILogger logger, string trigger, string reason);

    [LoggerMessage(EventId = 103, Level = LogLevel.Information, Message = "Run {RunId} starting in {Folder}")]
    public static partial void RunStarting(ILogger logger, string runId, string folder);

    [LoggerMessage(EventId = 104, Level = LogLevel.Information, Message = "Run {RunId} ended {Status} (exit {ExitCode})")]
    public static partial void RunEnded(ILogger logger, string runId, string status, int exitCode);

    [LoggerMessage(EventId = 105, Level = LogLevel.Error, Message = "Run not started: {Reason}")]
    public static partial void RunNotStarted(ILogger logger, string reason);

    [LoggerMessage(EventId = 106, Level = LogLevel.Information, Message = "Next tick at {NextUtc:u} ({Schedule}, {TimeZone})")]
    public static partial void NextTick(ILogger logger, DateTimeOffset nextUtc, string schedule, string timeZone);

    [LoggerMessage(EventId = 107, Level = LogLevel.Critical, Message = "Scheduler loop stopped by an unexpected error; /health now answers 503")]
    public static partial void SchedulerFaulted(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 108, Level = LogLevel.Information, Message = "Stopping: waiting for run {RunId} to finish its shutdown")]
    public static partial void WaitingForRun(ILogger logger, string runId);

    [LoggerMessage(EventId = 109, Level = LogLevel.Information, Message = "Status endpoint listening on {Address} (GET /status, GET /health)")]
    public static partial void StatusListening(ILogger logger, string address);

    [LoggerMessage(EventId = 110, Level = LogLevel.Warning, Message = "Status endpoint bound to non-loopback address {Bind} (serve.status.allow_remote: true): it has no authentication; anyone who can reach it can read run status")]
    public static partial void RemoteBindWarning(ILogger logger, string bind);

    [LoggerMessage(EventId = 111, Level = LogLevel.Information, Message = "Exporting metrics over OTLP to {Endpoint}")]
    public static partial void OtlpEnabled(ILogger logger, string endpoint);
}
