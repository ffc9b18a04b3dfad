namespace DataGen.Stages.Training;

/// <summary>`train.model.lora:` LoRA adapter settings (hf kind; merged into the final model).</summary>
public sealed class TrainLoraOptions : IValidatedOptions
{
    public int R { get; set; } = 8;

    public int Alpha { get; set; } = 16;

    public double Dropout { get; set; } = 0.05;

    public List<string> TargetModules { get; set; } = ["q_proj", "v_proj"];

    public IEnumerable<string> Validate(string keyPath)
    {
        if (R is < 1 or > 4096)
            yield return $"{keyPath}.r: must be between 1 and 4096 (got {R})";
        if (Alpha < 1)
            yield return $"{keyPath}.alpha: must be >= 1 (got {Alpha})";
        if (Dropout is < 0 or >= 1)
            yield return $"{keyPath}.dropout: must be in [0, 1) (got {Dropout})";
        if (TargetModules.Count == 0 || TargetModules.Any(string.IsNullOrWhiteSpace))
            yield return $"{keyPath}.target_modules: list the module names to adapt, e.g. [q_proj, v_proj]";
    }
}
