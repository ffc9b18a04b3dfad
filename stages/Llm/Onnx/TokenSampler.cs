namespace DataGen.Stages.Llm.Onnx;

/// <summary>Picks one request's next token from its logits: bias, special-token mask, temperature, top-k, top-p; seeded per request.</summary>
public sealed class TokenSampler
{
    private readonly SamplingSettings _settings;
    private readonly bool[] _allowed;
    private readonly Random _random;
    private readonly float[] _scores;
    private readonly int[] _order;
    private readonly double[] _probabilities;
    private readonly int _pad;
    private readonly int _bos;

    public TokenSampler(SamplingSettings settings, CausalLmDescriptor model)
    {
        _settings = settings;
        _allowed = AllowedTokens(model);
        _pad = model.PadId;
        _bos = model.BosId;
        // Random(int) is reproducible across runs; fold the 64-bit seed so both halves matter.
        _random = settings.Seed is { } seed ? new Random((int)(seed ^ (seed >>> 32))) : new Random();
        _scores = new float[model.VocabSize];
        _order = new int[model.VocabSize];
        _probabilities = new double[model.VocabSize];
    }

    /// <summary>Bytes, EOS and named markers may be generated; pad, bos and unnamed reserved ids never are.</summary>
    public static bool[] AllowedTokens(CausalLmDescriptor model)
    {
        var allowed = new bool[model.VocabSize];
        allowed.AsSpan(0, 256).Fill(true);
        allowed[model.EosId] = true;
        foreach (var id in model.SpecialTokens.Values)
            allowed[id] = true;
        allowed[model.PadId] = false;
        allowed[model.BosId] = false;
        return allowed;
    }

    /// <summary>Allows or forbids sampling a token from now on (the backtrack cap masks markers this way).</summary>
    public void SetAllowed(int token, bool allowed)
    {
        if (token == _pad || token == _bos)
            return;
        _allowed[token] = allowed;
    }

    public int Next(ReadOnlySpan<float> logits)
    {
        var count = 0;
        for (var i = 0; i < _scores.Length; i++)
        {
            if (!_allowed[i])
                continue;
            _scores[count] = logits[i] + (_settings.LogitBias.TryGetValue(i, out var bias) ? bias : 0f);
            _order[count] = i;
            count++;
        }
        if (_settings.Temperature <= 0f)
            return Greedy(count);
        // Descending by score; ties keep a deterministic order because the input order is fixed.
        var keys = _scores.AsSpan(0, count);
        var ids = _order.AsSpan(0, count);
        for (var i = 0; i < count; i++)
            keys[i] = -keys[i];
        keys.Sort(ids);
        if (_settings.TopK > 0)
            count = Math.Min(count, _settings.TopK);
        var max = -keys[0];
        var total = 0.0;
        for (var i = 0; i < count; i++)
        {
            _probabilities[i] = Math.Exp((-keys[i] - max) / _settings.Temperature);
            total += _probabilities[i];
        }
        if (_settings.TopP < 1f)
        {
            var cumulative = 0.0;
            for (var i = 0; i < count; i++)
            {
                cumulative += _probabilities[i];
                if (cumulative >= _settings.TopP * total)
                {
                    count = i + 1;
                    total = cumulative;
                    break;
                }
            }
        }
        var draw = _random.NextDouble() * total;
        for (var i = 0; i < count; i++)
        {
            draw -= _probabilities[i];
            if (draw < 0)
                return _order[i];
        }
        return _order[count - 1];
    }

    private int Greedy(int count)
    {
        var best = 0;
        for (var i = 1; i < count; i++)
        {
            if (_scores[i] > _scores[best])
                best = i;
        }
        return _order[best];
    }
}
