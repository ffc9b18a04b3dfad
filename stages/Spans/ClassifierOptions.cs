namespace DataGen.Stages.Spans;

/// <summary>pipeline.yaml `classifier:` section.</summary>
public sealed class ClassifierOptions : IValidatedOptions
{
    /// <summary>Model folder holding classifier.json (descriptor), the ONNX file and tokenizer files.</summary>
    public string Model { get; set; } = "";

    /// <summary>auto | cpu | cuda[:N]; auto tries CUDA and falls back to CPU with one log line.</summary>
    public string Device { get; set; } = "auto";

    /// <summary>Toxic-probability threshold; null uses the descriptor's calibrated threshold.</summary>
    public float? Threshold { get; set; }

    /// <summary>Most texts (windows) per ONNX run.</summary>
    public int BatchSize { get; set; } = 32;

    /// <summary>How long the micro-batcher waits for more texts before running a partial batch.</summary>
    public double MaxWaitMs { get; set; } = 5;

    /// <summary>Window length in model tokens (special tokens included); null uses the descriptor's max length.</summary>
    public int? WindowTokens { get; set; }

    /// <summary>Tokens shared by consecutive windows of a long text.</summary>
    public int OverlapTokens { get; set; } = 32;

    /// <summary>Degree of parallelism of the span stage (rows in flight; set at least batch_size to fill batches).</summary>
    public int Concurrency { get; set; } = 32;

    public int IntraOpThreads { get; set; }

    /// <summary>Use the model's word-level span post-processing when its classifier.json has a `postprocess` block.</summary>
    public bool WordSpans { get; set; } = true;

    public IEnumerable<string> Validate(string keyPath)
    {
        if (string.IsNullOrWhiteSpace(Model))
            yield return $"{keyPath}.model: required; point it at a classifier folder with classifier.json";
        if (!DeviceSpec.IsValid(Device))
            yield return $"{keyPath}.device: '{Device}' is not allowed; use auto, cpu, cuda or cuda:N";
        if (Threshold is <= 0 or >= 1)
            yield return $"{keyPath}.threshold: must be in (0, 1) (got {Threshold})";
        if (BatchSize is < 1 or > 1024)
            yield return $"{keyPath}.batch_size: must be between 1 and 1024 (got {BatchSize})";
        if (MaxWaitMs is < 0 or > 10_000)
            yield return $"{keyPath}.max_wait_ms: must be between 0 and 10000 (got {MaxWaitMs})";
        if (WindowTokens is < 16)
            yield return $"{keyPath}.window_tokens: must be at least 16 (got {WindowTokens})";
        if (OverlapTokens < 0 || (WindowTokens is { } w && OverlapTokens >= w / 2))
            yield return $"{keyPath}.overlap_tokens: must be >= 0 and less than half of window_tokens (got {OverlapTokens})";
        if (Concurrency is < 1 or > 4096)
            yield return $"{keyPath}.concurrency: must be between 1 and 4096 (got {Concurrency})";
        if (IntraOpThreads < 0)
            yield return $"{keyPath}.intra_op_threads: must be >= 0, 0 = ONNX Runtime default (got {IntraOpThreads})";
    }
}
