namespace DataGen.Pipeline.Training;

/// <summary>Shows training progress until stop is signalled, then once more.</summary>
public interface ITrainingProgress
{
    Task RunAsync(TrainingProgressState state, CancellationToken stop);
}
