namespace DataGen.Stages.Training;

/// <summary>`train.sft:` the supervised phase (loss on marker + continuation, never on the violation).</summary>
public sealed class SftTrainOptions : IValidatedOptions
{
    public bool Enabled { get; set; } = true;

    public int Epochs { get; set; } = 2;

    /// <summary>Caps the phase's optimizer steps (smoke runs); 0 = no cap.</summary>
    public int MaxSteps { get; set; }

    public int BatchSize { get; set; } = 16;

    public double LearningRate { get; set; } = 3e-4;

    /// <summary>Also train on the kept prefix (off: the prefix is context only).</summary>
    public bool PrefixLoss { get; set; }

    /// <summary>Most tokens per example (context + completion).</summary>
    public int MaxLength { get; set; } = 512;

    public IEnumerable<string> Validate(string keyPath) =>
        TrainPhaseChecks.Check(keyPath, Epochs, MaxSteps, BatchSize, LearningRate, MaxLength);
}
