namespace DataGen.Stages.Emit;

/// <summary>
/// A sink that can make what it was given so far durable at a prompt boundary, so a killed run can resume from
/// there: CheckpointAsync closes every open part (sync, rename, folder sync) and returns totals over all sessions.
/// </summary>
public interface ICheckpointableSink : IDatasetSink
{
    ValueTask<DatasetSummary> CheckpointAsync(CancellationToken cancellationToken);
}
