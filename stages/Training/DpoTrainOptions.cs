namespace DataGen.Stages.Training;

/// <summary>`train.dpo:` the preference phase (sigmoid DPO against a frozen copy of the policy).</summary>
public sealed class DpoTrainOptions : IValidatedOptions
{
    public bool Enabled { get; set; } = true;

    public int Epochs { get; set; } = 1;

    /// <summary>Caps the phase's optimizer steps (smoke runs); 0 = no cap.</summary>
    public int MaxSteps { get; set; }

    public int BatchSize { get; set; } = 16;

    public double LearningRate { get; set; } = 5e-5;

    public double Beta { get; set; } = 0.1;

    public int MaxLength { get; set; } = 512;

    /// <summary>Pair kinds to train on: any of recover, avoid, clean.</summary>
    public List<string> Kinds { get; set; } = ["recover", "avoid", "clean"];

    public IEnumerable<string> Validate(string keyPath)
    {
        foreach (var error in TrainPhaseChecks.Check(keyPath, Epochs, MaxSteps, BatchSize, LearningRate, MaxLength))
            yield return error;
        if (Beta is <= 0 or > 100)
            yield return $"{keyPath}.beta: must be > 0 and <= 100 (got {Beta}); 0.1 is the usual value";
        if (Enabled && Kinds.Count == 0)
            yield return $"{keyPath}.kinds: list at least one of recover, avoid, clean (or set {keyPath}.enabled: false)";
        foreach (var kind in Kinds.Where(k => k is not ("recover" or "avoid" or "clean")))
            yield return $"{keyPath}.kinds: '{kind}' is not allowed; use recover, avoid, clean";
    }
}
