namespace DataGen.Stages.Llm.Onnx;

/// <summary>
/// Decoding state of left-padded sequences: prefill on creation, then one token per row per <see cref="Append"/>.
/// With the cache each step feeds only the new tokens; without it each step re-runs the whole padded sequence.
/// </summary>
public sealed class CausalLmBatch : IDisposable
{
    private readonly OnnxCausalLm _lm;
    private readonly int _vocab;
    private List<List<int>> _tokens;
    private KvCache? _cache;
    private float[] _lastLogits;

    internal CausalLmBatch(OnnxCausalLm lm, IReadOnlyList<IReadOnlyList<int>> prompts, bool useCache)
    {
        CheckPrompts(prompts, lm.Descriptor);
        _lm = lm;
        _vocab = lm.Descriptor.VocabSize;
        UsesCache = useCache;
        _tokens = [.. prompts.Select(p => p.ToList())];
        _lastLogits = new float[prompts.Count * _vocab];
        Consume(Prefill(_tokens));
    }

    public bool UsesCache { get; }

    /// <summary>Rows currently in the batch.</summary>
    public int Count => _tokens.Count;

    /// <summary>Real tokens of a row so far (prompt + generated), i.e. the position the next token gets.</summary>
    public int Length(int row) => _tokens[row].Count;

    /// <summary>Next-token logits of a row (valid until the next Append/Keep).</summary>
    public ReadOnlySpan<float> LastLogits(int row) => _lastLogits.AsSpan(row * _vocab, _vocab);

    /// <summary>Appends one token per row and computes the next logits.</summary>
    public void Append(ReadOnlySpan<int> tokens)
    {
        if (tokens.Length != Count)
            throw new ArgumentException($"expected {Count} tokens, got {tokens.Length}", nameof(tokens));
        if (Count == 0)
            return;
        for (var r = 0; r < Count; r++)
        {
            if (_tokens[r].Count >= _lm.Descriptor.MaxPositions)
                throw new InvalidOperationException($"row {r} is at max_positions = {_lm.Descriptor.MaxPositions}; stop it before appending");
            _tokens[r].Add(tokens[r]);
        }
        if (UsesCache)
            Consume(Step(tokens));
        else
            Consume(Prefill(_tokens));
    }

    /// <summary>Adds new rows (prefilled on their own) after the current ones, so requests can join a running batch.</summary>
    public void Add(IReadOnlyList<IReadOnlyList<int>> prompts)
    {
        CheckPrompts(prompts, _lm.Descriptor);
        var rows = prompts.Select(p => p.ToList()).ToList();
        var output = Prefill(rows);
        var logits = new float[(Count + rows.Count) * _vocab];
        _lastLogits.AsSpan(0, Count * _vocab).CopyTo(logits);
        for (var r = 0; r < rows.Count; r++)
            output.LastLogits(r).CopyTo(logits.AsSpan((Count + r) * _vocab));
        output.DisposeLogits();
        if (!UsesCache)
        {
            output.Present.Dispose();
        }
        else if (_cache is null)
        {
            _cache = output.Present;
        }
        else
        {
            using var added = output.Present;
            var merged = KvCache.Concat(_cache, added);
            _cache.Dispose();
            _cache = merged;
        }
        _lastLogits = logits;
        _tokens.AddRange(rows);
    }

    /// <summary>Keeps only the given rows (ascending order), e.g. when others finished; compacts the cache.</summary>
    public void Keep(IReadOnlyList<int> rows)
    {
        if (rows.Count == Count)
            return;
        var logits = new float[rows.Count * _vocab];
        for (var i = 0; i < rows.Count; i++)
            LastLogits(rows[i]).CopyTo(logits.AsSpan(i * _vocab));
        _lastLogits = logits;
        _tokens = [.. rows.Select(r => _tokens[r])];
        if (_cache is not null && rows.Count == 0)
        {
            // Nothing left: a later Add starts from a fresh prefill.
            _cache.Dispose();
            _cache = null;
        }
        else if (_cache is not null)
        {
            // Padding that every kept row has is dropped too, so shorter survivors stop paying for a finished long row.
            var dropLeading = _cache.Length - _tokens.Max(t => t.Count);
            var compact = _cache.Select(rows, dropLeading);
            _cache.Dispose();
            _cache = compact;
        }
    }

    private static void CheckPrompts(IReadOnlyList<IReadOnlyList<int>> prompts, CausalLmDescriptor model)
    {
        if (prompts.Count == 0 || prompts.Any(p => p.Count == 0))
            throw new ArgumentException("every prompt needs at least one token (the BOS)", nameof(prompts));
        var max = prompts.Max(p => p.Count);
        if (max > model.MaxPositions)
            throw new ArgumentException($"a prompt has {max} tokens but model {model.Name} allows max_positions = {model.MaxPositions}", nameof(prompts));
    }

    /// <summary>The full left-padded sequences of the given rows with an empty past.</summary>
    private CausalLmOutput Prefill(List<List<int>> rows)
    {
        var batch = rows.Count;
        var width = rows.Max(t => t.Count);
        var ids = new long[batch * width];
        var mask = new long[batch * width];
        var positions = new long[batch * width];
        for (var r = 0; r < batch; r++)
        {
            var row = rows[r];
            var pad = width - row.Count;
            for (var j = 0; j < width; j++)
            {
                var real = j >= pad;
                ids[r * width + j] = real ? row[j - pad] : _lm.Descriptor.PadId;
                mask[r * width + j] = real ? 1 : 0;
                positions[r * width + j] = real ? j - pad : 0;
            }
        }
        return _lm.Forward(ids, mask, positions, batch, past: null);
    }

    private CausalLmOutput Step(ReadOnlySpan<int> tokens)
    {
        var batch = Count;
        var past = _cache!.Length;
        var ids = new long[batch];
        var mask = new long[batch * (past + 1)];
        var positions = new long[batch];
        for (var r = 0; r < batch; r++)
        {
            var real = _tokens[r].Count;
            ids[r] = tokens[r];
            positions[r] = real - 1;
            // Row r's real tokens (incl. the new one) are the last `real` positions of past + 1.
            mask.AsSpan(r * (past + 1) + (past + 1 - real), real).Fill(1);
        }
        return _lm.Forward(ids, mask, positions, batch, _cache);
    }

    private void Consume(CausalLmOutput output)
    {
        for (var r = 0; r < output.Batch; r++)
            output.LastLogits(r).CopyTo(_lastLogits.AsSpan(r * _vocab));
        output.DisposeLogits();
        _cache?.Dispose();
        if (UsesCache)
            _cache = output.Present;
        else
            output.Present.Dispose();
    }

    public void Dispose() => _cache?.Dispose();
}
