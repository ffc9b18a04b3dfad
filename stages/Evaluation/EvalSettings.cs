namespace DataGen.Stages.Evaluation;

/// <summary>How every model is sampled: K samples per prompt, seeds derived from (Seed, prompt id, sample index).</summary>
public sealed record EvalSettings(
    int Samples,
    long Seed,
    int MaxTokens,
    float Temperature,
    float TopP,
    int? MaxBacktracks,
    float? MarkerBias,
    int Concurrency)
{
    /// <summary>The purpose string of SeedDeriver for eval samples (so eval seeds never equal build seeds).</summary>
    public const string SeedPurpose = "eval";
}
