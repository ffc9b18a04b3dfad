using DataGen.Stages.Spans;
using Microsoft.ML.OnnxRuntime;

namespace DataGen.Benchmarks;

/// <summary>Pre-tokenised, pre-padded ONNX inputs for consecutive batches of texts, so only InferenceSession.Run is timed.</summary>
public sealed class RawBatches : IDisposable
{
    private readonly InferenceSession _session;
    private readonly List<OrtValue[]> _inputs = [];
    private readonly string[] _inputNames;
    private readonly string[] _outputNames = ["logits"];
    private readonly RunOptions _runOptions = new();

    public RawBatches(InferenceSession session, ClassifierDescriptor descriptor, IReadOnlyList<string> texts, int batchSize)
    {
        _session = session;
        var feedsMask = session.InputMetadata.ContainsKey("attention_mask");
        _inputNames = feedsMask ? ["input_ids", "attention_mask"] : ["input_ids"];
        var tokenizer = descriptor.Tokenizer;
        for (var start = 0; start < texts.Count; start += batchSize)
        {
            // Sorted by length within the batch, as the micro-batcher does.
            var rows = texts.Skip(start).Take(batchSize).Select(t => tokenizer.Encode(t).Ids).OrderBy(ids => ids.Length).ToList();
            var seq = rows.Max(r => r.Length) + 2;
            var ids = new long[rows.Count * seq];
            var mask = new long[rows.Count * seq];
            for (var b = 0; b < rows.Count; b++)
            {
                var offset = b * seq;
                ids[offset] = tokenizer.BosId;
                for (var i = 0; i < rows[b].Length; i++)
                    ids[offset + 1 + i] = rows[b][i];
                ids[offset + 1 + rows[b].Length] = tokenizer.EosId;
                ids.AsSpan(offset + rows[b].Length + 2, seq - rows[b].Length - 2).Fill(tokenizer.PadId);
                mask.AsSpan(offset, rows[b].Length + 2).Fill(1);
            }
            long[] shape = [rows.Count, seq];
            var idsValue = OrtValue.CreateTensorValueFromMemory(ids, shape);
            _inputs.Add(feedsMask ? [idsValue, OrtValue.CreateTensorValueFromMemory(mask, shape)] : [idsValue]);
        }
    }

    public void RunAll()
    {
        foreach (var values in _inputs)
        {
            using var outputs = _session.Run(_runOptions, _inputNames, values, _outputNames);
        }
    }

    public void Dispose()
    {
        foreach (var values in _inputs)
        {
            foreach (var v in values)
                v.Dispose();
        }
        _runOptions.Dispose();
    }
}
