using DataGen.Stages.Tokenization;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace DataGen.Stages.Spans;

/// <summary>
/// Runs a token classifier ONNX model: one InferenceSession for the object's life, input buffers reused across
/// batches, each batch padded to its longest window. Calls are serialized (buffers are shared).
/// </summary>
public sealed class OnnxTokenClassifier : IDisposable
{
    private const string InputIds = "input_ids";
    private const string AttentionMask = "attention_mask";
    private const string TokenTypeIds = "token_type_ids";
    private const string Logits = "logits";

    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly ClassifierDescriptor _descriptor;
    private readonly bool _feedsMask;
    private readonly bool _feedsTokenTypes;
    private readonly string[] _inputNames;
    private readonly string[] _outputNames = [Logits];
    private readonly Lock _gate = new();
    private long[] _ids = [];
    private long[] _mask = [];
    private long[] _types = [];

    public OnnxTokenClassifier(ClassifierDescriptor descriptor, string device, int intraOpThreads, ILogger logger)
    {
        _descriptor = descriptor;
        (_session, ActiveDevice) = OnnxSessionFactory.Create(descriptor.OnnxPath, device, intraOpThreads, logger);
        try
        {
            (_feedsMask, _feedsTokenTypes) = CheckSignature();
        }
        catch
        {
            _session.Dispose();
            throw;
        }
        _inputNames = [InputIds, .. _feedsMask ? new[] { AttentionMask } : [], .. _feedsTokenTypes ? new[] { TokenTypeIds } : []];
    }

    /// <summary>"cpu" or "cuda:N": where the session actually runs after any fallback.</summary>
    public string ActiveDevice { get; }

    public ClassifierDescriptor Descriptor => _descriptor;

    /// <summary>Toxic score of each content token of each window; BOS/EOS are added here and never scored.</summary>
    public float[][] Score(IReadOnlyList<ReadOnlyMemory<int>> windows)
    {
        if (windows.Count == 0)
            return [];
        var longest = 0;
        foreach (var w in windows)
            longest = Math.Max(longest, w.Length);
        var seq = longest + 2;
        if (seq > _descriptor.MaxLength)
            throw new ArgumentException($"window of {seq} tokens exceeds the model's max_length {_descriptor.MaxLength}");
        var batch = windows.Count;
        var size = batch * seq;
        lock (_gate)
        {
            Fill(windows, seq, size);
            long[] shape = [batch, seq];
            var values = new List<OrtValue>(3);
            try
            {
                values.Add(OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, _ids.AsMemory(0, size), shape));
                if (_feedsMask)
                    values.Add(OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, _mask.AsMemory(0, size), shape));
                if (_feedsTokenTypes)
                    values.Add(OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, _types.AsMemory(0, size), shape));
                using var outputs = _session.Run(_runOptions, _inputNames, values, _outputNames);
                return ReadScores(outputs[0], windows, batch, seq);
            }
            finally
            {
                foreach (var v in values)
                    v.Dispose();
            }
        }
    }

    private void Fill(IReadOnlyList<ReadOnlyMemory<int>> windows, int seq, int size)
    {
        if (_ids.Length < size)
        {
            _ids = new long[size];
            _mask = new long[size];
            _types = new long[size]; // stays all zeros: single-segment input
        }
        var tokenizer = _descriptor.Tokenizer;
        for (var b = 0; b < windows.Count; b++)
        {
            var row = b * seq;
            var content = windows[b].Span;
            _ids[row] = tokenizer.BosId;
            for (var i = 0; i < content.Length; i++)
                _ids[row + 1 + i] = content[i];
            _ids[row + 1 + content.Length] = tokenizer.EosId;
            var real = content.Length + 2;
            _ids.AsSpan(row + real, seq - real).Fill(tokenizer.PadId);
            _mask.AsSpan(row, real).Fill(1);
            _mask.AsSpan(row + real, seq - real).Clear();
        }
    }

    private float[][] ReadScores(OrtValue logits, IReadOnlyList<ReadOnlyMemory<int>> windows, int batch, int seq)
    {
        var shape = logits.GetTensorTypeAndShape().Shape;
        var labels = _descriptor.Labels.Count;
        if (shape.Length != 3 || shape[0] != batch || shape[1] != seq || shape[2] != labels)
            throw new InvalidOperationException($"{_descriptor.OnnxPath}: output 'logits' has shape [{string.Join(", ", shape)}], expected [{batch}, {seq}, {labels}]");
        var data = logits.GetTensorDataAsSpan<float>();
        var toxic = _descriptor.ToxicLabelIndexes;
        var result = new float[batch][];
        for (var b = 0; b < batch; b++)
        {
            var scores = new float[windows[b].Length];
            for (var i = 0; i < scores.Length; i++)
            {
                var row = data.Slice(((b * seq) + 1 + i) * labels, labels);
                scores[i] = ToxicProbability(row, toxic);
            }
            result[b] = scores;
        }
        return result;
    }

    /// <summary>Sum of the softmax probabilities of the toxic labels.</summary>
    internal static float ToxicProbability(ReadOnlySpan<float> logits, IReadOnlyList<int> toxic)
    {
        var max = float.NegativeInfinity;
        foreach (var v in logits)
            max = Math.Max(max, v);
        double total = 0;
        foreach (var v in logits)
            total += Math.Exp(v - max);
        double toxicSum = 0;
        foreach (var index in toxic)
            toxicSum += Math.Exp(logits[index] - max);
        return (float)(toxicSum / total);
    }

    private (bool Mask, bool TokenTypes) CheckSignature()
    {
        var path = _descriptor.OnnxPath;
        var inputs = _session.InputMetadata;
        if (!inputs.ContainsKey(InputIds))
            throw new ModelFolderException($"{path}: the model has no input '{InputIds}' (inputs: {string.Join(", ", inputs.Keys)}); export it with input_ids, attention_mask [batch, seq] int64");
        foreach (var (name, meta) in inputs)
        {
            if (name is not (InputIds or AttentionMask or TokenTypeIds))
                throw new ModelFolderException($"{path}: input '{name}' is not one the classifier feeds; allowed inputs are {InputIds}, {AttentionMask}, {TokenTypeIds}");
            if (meta.ElementDataType != TensorElementType.Int64)
                throw new ModelFolderException($"{path}: input '{name}' has element type {meta.ElementDataType}; the classifier contract needs int64 [batch, seq]");
            if (meta.Dimensions.Length != 2)
                throw new ModelFolderException($"{path}: input '{name}' has rank {meta.Dimensions.Length}; the classifier contract needs [batch, seq]");
        }
        if (!_session.OutputMetadata.TryGetValue(Logits, out var output))
            throw new ModelFolderException($"{path}: the model has no output '{Logits}' (outputs: {string.Join(", ", _session.OutputMetadata.Keys)}); export logits [batch, seq, labels] float32");
        if (output.ElementDataType != TensorElementType.Float)
            throw new ModelFolderException($"{path}: output '{Logits}' has element type {output.ElementDataType}; the classifier contract needs float32");
        var dims = output.Dimensions;
        var labels = _descriptor.Labels.Count;
        if (dims.Length != 3 || (dims[2] > 0 && dims[2] != labels))
            throw new ModelFolderException($"{path}: output '{Logits}' has shape [{string.Join(", ", dims)}] but {_descriptor.DescriptorPath} lists {labels} labels; the last dimension must equal the label count");
        return (inputs.ContainsKey(AttentionMask), inputs.ContainsKey(TokenTypeIds));
    }

    public void Dispose()
    {
        _session.Dispose();
        _runOptions.Dispose();
    }
}
