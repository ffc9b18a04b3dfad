namespace DataGen.Stages.Training;

/// <summary>pipeline.yaml `train:` section: how `datagen train` (and `datagen build` when enabled) runs the bundled trainer.</summary>
public sealed class TrainOptions : IValidatedOptions
{
    /// <summary>`datagen build` hands the run to training right after it completes (exit 0).</summary>
    public bool Enabled { get; set; }

    /// <summary>auto: the first of `python3` on PATH, /usr/bin/python3 that can import torch; or a path to an interpreter.</summary>
    public string Python { get; set; } = "auto";

    /// <summary>The trainer entry script; a relative path resolves against the config folder, then the datagen install's repository root.</summary>
    public string Trainer { get; set; } = "trainer/train.py";

    public TrainModelOptions Model { get; set; } = new();

    /// <summary>auto | cpu | cuda | cuda:N (auto = cuda when the trainer sees one).</summary>
    public string Device { get; set; } = "auto";

    public SftTrainOptions Sft { get; set; } = new();

    public DpoTrainOptions Dpo { get; set; } = new();

    /// <summary>Optimizer steps between checkpoints; 0 = only at phase ends.</summary>
    public int CheckpointEvery { get; set; } = 200;

    /// <summary>Bundled kind: export the final model as an ONNX folder the `onnx` backend can serve.</summary>
    public bool ExportOnnx { get; set; } = true;

    /// <summary>Training seed; null = run.seed.</summary>
    public long? Seed { get; set; }

    /// <summary>Seconds the trainer gets after SIGTERM to write its checkpoint before it is killed.</summary>
    public double CancelGraceSeconds { get; set; } = 60;

    public IEnumerable<string> Validate(string keyPath)
    {
        if (string.IsNullOrWhiteSpace(Python))
            yield return $"{keyPath}.python: must be auto or the path of a Python 3 interpreter, e.g. /usr/bin/python3";
        if (string.IsNullOrWhiteSpace(Trainer))
            yield return $"{keyPath}.trainer: must name the trainer script, e.g. trainer/train.py";
        if (!DeviceSpec.IsValid(Device))
            yield return $"{keyPath}.device: '{Device}' is not allowed; use auto, cpu, cuda or cuda:N";
        if (CheckpointEvery < 0)
            yield return $"{keyPath}.checkpoint_every: must be >= 0 (got {CheckpointEvery}); 0 = only at phase ends";
        if (Seed is < 0)
            yield return $"{keyPath}.seed: must be >= 0 (got {Seed})";
        if (CancelGraceSeconds is < 0 or > 3600)
            yield return $"{keyPath}.cancel_grace_seconds: must be between 0 and 3600 (got {CancelGraceSeconds})";
        if (!Sft.Enabled && !Dpo.Enabled)
            yield return $"{keyPath}: both sft.enabled and dpo.enabled are false; enable at least one phase";
        foreach (var error in Model.Validate($"{keyPath}.model").Concat(Sft.Validate($"{keyPath}.sft")).Concat(Dpo.Validate($"{keyPath}.dpo")))
            yield return error;
    }
}
