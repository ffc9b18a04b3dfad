using Microsoft.Extensions.Logging;

namespace DataGen.Stages.Training;

/// <summary>Log messages of the training stage, source-generated.</summary>
internal static partial class TrainingLog
{
    [LoggerMessage(EventId = 400, Level = LogLevel.Information, Message = "Trainer started: {Python} {Script} --config {ConfigPath} (pid {Pid})")]
    public static partial void Started(ILogger logger, string python, string script, string configPath, int pid);

    [LoggerMessage(EventId = 401, Level = LogLevel.Information, Message = "trainer: {Line}")]
    public static partial void Stderr(ILogger logger, string line);

    [LoggerMessage(EventId = 402, Level = LogLevel.Warning, Message = "Trainer stdout line ignored, {Problem}: {Line}")]
    public static partial void InvalidLine(ILogger logger, string problem, string line);

    [LoggerMessage(EventId = 403, Level = LogLevel.Debug, Message = "Trainer event '{Name}' is not known to this datagen; ignored")]
    public static partial void UnknownEvent(ILogger logger, string name);

    [LoggerMessage(EventId = 404, Level = LogLevel.Warning, Message = "Cancelling the trainer: SIGTERM sent to pid {Pid}; it has {GraceSeconds:F0} s to write a checkpoint")]
    public static partial void Terminating(ILogger logger, int pid, double graceSeconds);

    [LoggerMessage(EventId = 405, Level = LogLevel.Warning, Message = "Trainer pid {Pid} did not exit within {GraceSeconds:F0} s of SIGTERM; killed")]
    public static partial void Killed(ILogger logger, int pid, double graceSeconds);

    [LoggerMessage(EventId = 406, Level = LogLevel.Warning, Message = "Could not send SIGTERM to pid {Pid}: {Reason}")]
    public static partial void SignalFailed(ILogger logger, int pid, string reason);

    [LoggerMessage(EventId = 407, Level = LogLevel.Information, Message = "Trainer exited with code {ExitCode} after {Events} events")]
    public static partial void Exited(ILogger logger, int exitCode, long events);
}
