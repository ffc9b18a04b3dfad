using Microsoft.Extensions.Logging;

namespace DataGen.Pipeline.Training;

/// <summary>Log messages of `datagen train`, source-generated.</summary>
internal static partial class TrainLog
{
    [LoggerMessage(EventId = 420, Level = LogLevel.Information, Message = "Training: {Phase} step {Step}/{Total}, loss {Loss}, reward accuracy {Accuracy}, margin {Margin}, elapsed {Elapsed}")]
    public static partial void Progress(ILogger logger, string phase, long step, long total, string loss, string accuracy, string margin, TimeSpan elapsed);

    [LoggerMessage(EventId = 421, Level = LogLevel.Information, Message = "Training started: run {RunDirectory}, python {Python} (torch {Torch}), trainer {Trainer}, config {ConfigPath}")]
    public static partial void Starting(ILogger logger, string runDirectory, string python, string torch, string trainer, string configPath);

    [LoggerMessage(EventId = 422, Level = LogLevel.Information, Message = "Training data: {SftRows} sft rows, {DpoRows} dpo pairs from {Files} Parquet part(s)")]
    public static partial void DataWritten(ILogger logger, long sftRows, long dpoRows, int files);

    [LoggerMessage(EventId = 423, Level = LogLevel.Information, Message = "Trainer loaded {ModelKind} model ({Parameters} parameters) on {Device}{Resumed}")]
    public static partial void TrainerStarted(ILogger logger, string modelKind, long parameters, string device, string resumed);

    [LoggerMessage(EventId = 424, Level = LogLevel.Information, Message = "Checkpoint {Phase} step {Step}: {Path}")]
    public static partial void Checkpoint(ILogger logger, string phase, long step, string path);

    [LoggerMessage(EventId = 425, Level = LogLevel.Information, Message = "Phase {Phase} done: {Steps} steps, loss {LossFirst} -> {LossLast}")]
    public static partial void PhaseDone(ILogger logger, string phase, long steps, string lossFirst, string lossLast);

    [LoggerMessage(EventId = 426, Level = LogLevel.Error, Message = "Trainer error: {Message}")]
    public static partial void TrainerError(ILogger logger, string message);

    [LoggerMessage(EventId = 427, Level = LogLevel.Information, Message = "Training {Status} (exit {ExitCode}) in {Duration}; model {ModelDir}; manifest {ManifestPath}")]
    public static partial void Finished(ILogger logger, string status, int exitCode, TimeSpan duration, string modelDir, string manifestPath);
}
