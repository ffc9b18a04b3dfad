namespace DataGen.Stages.Training;

/// <summary>The checks the sft and dpo phases share.</summary>
internal static class TrainPhaseChecks
{
    public static IEnumerable<string> Check(string keyPath, int epochs, int maxSteps, int batchSize, double learningRate, int maxLength)
    {
        if (epochs is < 1 or > 10_000)
            yield return $"{keyPath}.epochs: must be between 1 and 10000 (got {epochs})";
        if (maxSteps < 0)
            yield return $"{keyPath}.max_steps: must be >= 0 (got {maxSteps}); 0 = no cap";
        if (batchSize is < 1 or > 65_536)
            yield return $"{keyPath}.batch_size: must be between 1 and 65536 (got {batchSize})";
        if (learningRate is <= 0 or > 1)
            yield return $"{keyPath}.learning_rate: must be > 0 and <= 1 (got {learningRate})";
        if (maxLength is < 8 or > 1_048_576)
            yield return $"{keyPath}.max_length: must be between 8 and 1048576 (got {maxLength})";
    }
}
