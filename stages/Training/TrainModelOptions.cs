namespace DataGen.Stages.Training;

/// <summary>`train.model:` the policy model to fine-tune.</summary>
public sealed class TrainModelOptions : IValidatedOptions
{
    /// <summary>bundled: a byte-LM folder like models/policy-lm (torch only); hf: a Hugging Face folder or hub name (needs transformers, peft).</summary>
    public string Kind { get; set; } = "bundled";

    /// <summary>Model folder (relative to the config folder) or, for hf, a hub name.</summary>
    public string Path { get; set; } = "models/policy-lm";

    /// <summary>hf only: LoRA adapter settings; null = full fine-tuning.</summary>
    public TrainLoraOptions? Lora { get; set; }

    /// <summary>hf only: auto | float32 | float16 | bfloat16.</summary>
    public string Dtype { get; set; } = "auto";

    public IEnumerable<string> Validate(string keyPath)
    {
        if (Kind is not ("bundled" or "hf"))
            yield return $"{keyPath}.kind: '{Kind}' is not allowed; use bundled or hf";
        if (string.IsNullOrWhiteSpace(Path))
            yield return $"{keyPath}.path: must name the model folder, e.g. models/policy-lm";
        if (Dtype is not ("auto" or "float32" or "float16" or "bfloat16"))
            yield return $"{keyPath}.dtype: '{Dtype}' is not allowed; use auto, float32, float16 or bfloat16";
        if (Lora is not null && Kind != "hf")
            yield return $"{keyPath}.lora: only for kind hf; remove it or set {keyPath}.kind: hf";
        if (Lora is not null)
        {
            foreach (var error in Lora.Validate($"{keyPath}.lora"))
                yield return error;
        }
    }
}
