using Microsoft.Extensions.Logging;

namespace DataGen.Pipeline.Resume;

/// <summary>Log messages of checkpoints, resume and the replay cache, source-generated (own file: Log.cs is shared).</summary>
internal static partial class ResumeLog
{
    [LoggerMessage(EventId = 301, Level = LogLevel.Warning, Message = "Could not commit a resume checkpoint: {Reason}; the previous checkpoint stays the resume point")]
    public static partial void CheckpointFailed(ILogger logger, string reason, Exception exception);

    [LoggerMessage(EventId = 302, Level = LogLevel.Debug, Message = "Checkpoint {Checkpoint}: {Prompts} prompts committed")]
    public static partial void CheckpointCommitted(ILogger logger, long checkpoint, long prompts);

    [LoggerMessage(EventId = 303, Level = LogLevel.Information, Message = "Resuming {RunFolder} (session {Session}): {Prompts} prompts already committed are skipped")]
    public static partial void Resuming(ILogger logger, string runFolder, int session, long prompts);

    [LoggerMessage(EventId = 304, Level = LogLevel.Information, Message = "Removed {Count} part files no checkpoint committed (left by the interrupted session)")]
    public static partial void RemovedUncommitted(ILogger logger, int count);

    [LoggerMessage(EventId = 305, Level = LogLevel.Warning, Message = "Run stopped ({Status}); {Prompts} prompts are committed. Continue with: datagen build --resume {RunFolder}")]
    public static partial void ResumeHint(ILogger logger, string status, long prompts, string runFolder);
}
