using Microsoft.ML.OnnxRuntime;

namespace DataGen.Stages.Llm.Onnx;

/// <summary>The past keys/values of a batch: per layer a key and a value tensor [batch, heads, length, head_dim]; owns its OrtValues.</summary>
public sealed class KvCache : IDisposable
{
    private readonly OrtValue[] _tensors;

    internal KvCache(OrtValue[] tensors, int batch, int length, int numHeads, int headDim)
    {
        _tensors = tensors;
        Batch = batch;
        Length = length;
        NumHeads = numHeads;
        HeadDim = headDim;
    }

    public int Batch { get; }

    /// <summary>Past sequence length including left padding.</summary>
    public int Length { get; }

    public int NumHeads { get; }
    public int HeadDim { get; }

    /// <summary>Key of layer i at 2i, value at 2i+1 (the order of the graph's past inputs).</summary>
    internal IReadOnlyList<OrtValue> Tensors => _tensors;

    internal static KvCache Empty(CausalLmDescriptor model, int batch)
    {
        var tensors = new OrtValue[2 * model.NumLayers];
        long[] shape = [batch, model.NumHeads, 0, model.HeadDim];
        for (var i = 0; i < tensors.Length; i++)
            tensors[i] = OrtValue.CreateTensorValueFromMemory(Array.Empty<float>(), shape);
        return new KvCache(tensors, batch, 0, model.NumHeads, model.HeadDim);
    }

    /// <summary>A copy holding only the given rows, without the first <paramref name="dropLeading"/> positions (padding no kept row uses).</summary>
    internal KvCache Select(IReadOnlyList<int> rows, int dropLeading)
    {
        var newLength = Length - dropLeading;
        var rowSize = NumHeads * Length * HeadDim;
        var tensors = new OrtValue[_tensors.Length];
        for (var t = 0; t < _tensors.Length; t++)
        {
            var source = _tensors[t].GetTensorDataAsSpan<float>();
            var target = new float[rows.Count * NumHeads * newLength * HeadDim];
            var write = 0;
            foreach (var row in rows)
            {
                for (var h = 0; h < NumHeads; h++)
                {
                    var from = source.Slice(row * rowSize + (h * Length + dropLeading) * HeadDim, newLength * HeadDim);
                    from.CopyTo(target.AsSpan(write));
                    write += from.Length;
                }
            }
            tensors[t] = OrtValue.CreateTensorValueFromMemory(target, [rows.Count, NumHeads, newLength, HeadDim]);
        }
        return new KvCache(tensors, rows.Count, newLength, NumHeads, HeadDim);
    }

    /// <summary>Rows of both caches in one, each left-padded with zeros (masked positions) to the longer length.</summary>
    internal static KvCache Concat(KvCache first, KvCache second)
    {
        var length = Math.Max(first.Length, second.Length);
        var batch = first.Batch + second.Batch;
        var heads = first.NumHeads;
        var dim = first.HeadDim;
        var tensors = new OrtValue[first._tensors.Length];
        for (var t = 0; t < tensors.Length; t++)
        {
            var target = new float[batch * heads * length * dim];
            var block = 0;
            foreach (var part in new[] { first, second })
            {
                var source = part._tensors[t].GetTensorDataAsSpan<float>();
                var pad = (length - part.Length) * dim;
                for (var b = 0; b < part.Batch * heads; b++, block++)
                    source.Slice(b * part.Length * dim, part.Length * dim).CopyTo(target.AsSpan(block * length * dim + pad));
            }
            tensors[t] = OrtValue.CreateTensorValueFromMemory(target, [batch, heads, length, dim]);
        }
        return new KvCache(tensors, batch, length, heads, dim);
    }

    public void Dispose()
    {
        foreach (var tensor in _tensors)
            tensor.Dispose();
    }
}
