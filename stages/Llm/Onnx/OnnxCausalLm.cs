using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.ML.OnnxRuntime;

namespace DataGen.Stages.Llm.Onnx;

/// <summary>A byte-level causal LM in ONNX Runtime: one session reused for prefill and KV-cached decoding of left-padded batches.</summary>
public sealed class OnnxCausalLm : IDisposable
{
    private readonly InferenceSession _session;
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;

    private OnnxCausalLm(CausalLmDescriptor descriptor, InferenceSession session, string device)
    {
        Descriptor = descriptor;
        _session = session;
        ExecutionDevice = device;
        var layers = Enumerable.Range(0, descriptor.NumLayers).ToArray();
        _inputNames = ["input_ids", "attention_mask", "position_ids",
            .. layers.SelectMany(i => new[] { CausalLmSignature.PastKey(i), CausalLmSignature.PastValue(i) })];
        _outputNames = ["logits", .. layers.SelectMany(i => new[] { CausalLmSignature.PresentKey(i), CausalLmSignature.PresentValue(i) })];
    }

    public CausalLmDescriptor Descriptor { get; }

    /// <summary>Where the session actually runs: "cpu" or "cuda:N".</summary>
    public string ExecutionDevice { get; }

    /// <summary>Loads folder/model.json and its graph, checking the graph's signature; device is auto | cpu | cuda[:N].</summary>
    public static OnnxCausalLm Load(string folder, string device = "auto", ILogger? logger = null)
    {
        logger ??= NullLogger.Instance;
        var descriptor = CausalLmDescriptor.Load(folder);
        var (options, actual) = ExecutionDeviceSelector.Create(device, logger);
        InferenceSession session;
        try
        {
            session = CreateSession(descriptor, options);
        }
        catch (InvalidDataException ex) when (actual != "cpu")
        {
            // A CUDA provider that loads but cannot run here (no driver, no GPU): fall back like an absent one.
            OnnxLog.CudaFallback(logger, device, ex.Message);
            using var cpu = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
            session = CreateSession(descriptor, cpu);
            actual = "cpu";
        }
        finally
        {
            options.Dispose();
        }
        try
        {
            CausalLmSignature.Check(session, descriptor);
        }
        catch
        {
            session.Dispose();
            throw;
        }
        OnnxLog.ModelLoaded(logger, descriptor.Name, actual, descriptor.NumLayers, descriptor.VocabSize);
        return new OnnxCausalLm(descriptor, session, actual);
    }

    private static InferenceSession CreateSession(CausalLmDescriptor descriptor, SessionOptions options)
    {
        try
        {
            return new InferenceSession(descriptor.OnnxPath, options);
        }
        catch (OnnxRuntimeException ex)
        {
            throw new InvalidDataException($"{descriptor.OnnxPath}: ONNX Runtime cannot load the graph ({ex.Message.ReplaceLineEndings(" ")}); re-export the model", ex);
        }
    }

    /// <summary>Encodes prompts ([BOS] + tokens each) and runs the prefill; with useCache = false every later step re-runs the full sequence.</summary>
    public CausalLmBatch Start(IReadOnlyList<IReadOnlyList<int>> prompts, bool useCache = true) => new(this, prompts, useCache);

    /// <summary>One raw forward pass over [batch, seq] inputs after an optional past (null = empty past).</summary>
    public CausalLmOutput Forward(long[] inputIds, long[] attentionMask, long[] positionIds, int batch, KvCache? past)
    {
        var sequence = inputIds.Length / batch;
        var total = attentionMask.Length / batch;
        using var emptyPast = past is null ? KvCache.Empty(Descriptor, batch) : null;
        var cache = past ?? emptyPast!;
        if (cache.Batch != batch || cache.Length + sequence != total || positionIds.Length != inputIds.Length)
            throw new ArgumentException($"inconsistent shapes: batch {batch}, seq {sequence}, past {cache.Length}, mask length {total}");
        using var ids = OrtValue.CreateTensorValueFromMemory(inputIds, [batch, sequence]);
        using var mask = OrtValue.CreateTensorValueFromMemory(attentionMask, [batch, total]);
        using var positions = OrtValue.CreateTensorValueFromMemory(positionIds, [batch, sequence]);
        var inputs = new List<OrtValue>(_inputNames.Length) { ids, mask, positions };
        inputs.AddRange(cache.Tensors);
        using var runOptions = new RunOptions();
        // Outputs are disposed one by one by their new owners (logits holder, next step's past), not as a collection.
        var outputs = _session.Run(runOptions, _inputNames, inputs, _outputNames).ToArray();
        var present = new KvCache(outputs[1..], batch, total, Descriptor.NumHeads, Descriptor.HeadDim);
        return new CausalLmOutput(outputs[0], present, batch, sequence, Descriptor.VocabSize);
    }

    public void Dispose() => _session.Dispose();
}
