using DataGen.Stages.Llm.Resilience;

namespace DataGen.Stages.Llm;

/// <summary>One named entry of pipeline.yaml `backends:`; Type picks the provider in the registry.</summary>
public sealed class BackendOptions : IValidatedOptions
{
    /// <summary>openai | ollama | onnx (providers register themselves in ChatBackendRegistry).</summary>
    public string Type { get; set; } = "";

    /// <summary>openai/ollama: server base URL, e.g. http://127.0.0.1:8000/v1.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>openai/ollama: model name sent to the server.</summary>
    public string? Model { get; set; }

    /// <summary>Name of the environment variable holding the API key (the key itself never lives in config or logs).</summary>
    public string? ApiKeyEnv { get; set; }

    /// <summary>onnx: model folder (with model.json).</summary>
    public string? Path { get; set; }

    /// <summary>onnx: auto | cpu | cuda[:N].</summary>
    public string Device { get; set; } = "auto";

    /// <summary>Most requests in flight to this backend at once; also where the adaptive limit starts.</summary>
    public int MaxConcurrency { get; set; } = 8;

    /// <summary>Lowest the adaptive limit goes when the backend answers 429 or times out (= max_concurrency: a fixed limit).</summary>
    public int MinConcurrency { get; set; } = 1;

    /// <summary>onnx: limit of one request in seconds. openai/ollama: limit of one try (retry.attempt_timeout_seconds overrides).</summary>
    public double TimeoutSeconds { get; set; } = 120;

    /// <summary>openai/ollama: retries of a transient failure (5xx, 429, timeout, network); retry.max_attempts overrides it as max_retries + 1.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>openai/ollama: retry, backoff, timeout and circuit-breaker settings (docs/resilience.md).</summary>
    public RetryOptions Retry { get; set; } = new();

    /// <summary>
    /// openai: send `continue_final_message: true, add_generation_prompt: false` when a request ends with an assistant
    /// prefill (vLLM; other servers may reject the fields), so the server continues the prefill instead of starting a new reply.
    /// </summary>
    public bool ContinueFinalMessage { get; set; }

    /// <summary>onnx: most sequences decoded together in one batch.</summary>
    public int MaxBatchSize { get; set; } = 8;

    /// <summary>onnx: backtracking-aware decoding (markers applied to the visible text); off by default.</summary>
    public Onnx.BacktrackingOptions Backtracking { get; set; } = new();

    public IEnumerable<string> Validate(string keyPath)
    {
        if (Type is not ("openai" or "ollama" or "onnx"))
            yield return $"{keyPath}.type: '{Type}' is not allowed; use openai, ollama or onnx";
        if (Type is "openai" or "ollama")
        {
            if (string.IsNullOrWhiteSpace(BaseUrl) || !Uri.TryCreate(BaseUrl, UriKind.Absolute, out _))
                yield return $"{keyPath}.base_url: required for type {Type}; give an absolute URL such as http://127.0.0.1:8000/v1";
            if (string.IsNullOrWhiteSpace(Model))
                yield return $"{keyPath}.model: required for type {Type}";
        }
        if (Type == "onnx" && string.IsNullOrWhiteSpace(Path))
            yield return $"{keyPath}.path: required for type onnx; point it at a model folder with model.json";
        if (MaxConcurrency is < 1 or > 4096)
            yield return $"{keyPath}.max_concurrency: must be between 1 and 4096 (got {MaxConcurrency})";
        if (MinConcurrency < 1 || MinConcurrency > MaxConcurrency)
            yield return $"{keyPath}.min_concurrency: must be between 1 and max_concurrency ({MaxConcurrency}) (got {MinConcurrency})";
        if (TimeoutSeconds is <= 0 or > 3600)
            yield return $"{keyPath}.timeout_seconds: must be in (0, 3600] (got {TimeoutSeconds})";
        if (MaxRetries is < 0 or > 20)
            yield return $"{keyPath}.max_retries: must be between 0 and 20 (got {MaxRetries})";
        foreach (var error in Retry.Validate($"{keyPath}.retry"))
            yield return error;
        if (MaxBatchSize is < 1 or > 256)
            yield return $"{keyPath}.max_batch_size: must be between 1 and 256 (got {MaxBatchSize})";
        if (!DeviceSpec.IsValid(Device))
            yield return $"{keyPath}.device: '{Device}' is not allowed; use auto, cpu, cuda or cuda:N";
        if (Backtracking.Enabled && Type is "openai" or "ollama")
            yield return $"{keyPath}.backtracking.enabled: only type onnx decodes with backtracking; remove it or set it to false";
        foreach (var error in Backtracking.Validate($"{keyPath}.backtracking"))
            yield return error;
    }
}
