using System.Globalization;
using DataGen.Schemas;

namespace DataGen.Stages.Llm.Metering;

/// <summary>
/// Sums the tokens and cost of every reply as it comes back and trips once when a cap (max_cost, max_tokens) is
/// reached: from then on <see cref="IsExhausted"/> is true and the callbacks given to <see cref="OnExhausted"/> run once.
/// </summary>
public sealed class BudgetTracker(BudgetOptions options)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, TokenUsage> _usage = new(StringComparer.Ordinal);
    private readonly List<Action> _callbacks = [];
    private volatile bool _exhausted;
    private double _carriedCost;
    private long _carriedTokens;

    public BudgetOptions Options { get; } = options ?? throw new ArgumentNullException(nameof(options));

    public bool IsExhausted => _exhausted;

    /// <summary>The key of the cap that was reached (budget.max_cost or budget.max_tokens), or null.</summary>
    public string? ExhaustedCap { get; private set; }

    public long SpentTokens { get { lock (_lock) return _carriedTokens + _usage.Values.Sum(u => u.TotalTokens); } }

    public double SpentCost { get { lock (_lock) return _carriedCost + _usage.Sum(u => Cost(u.Key, u.Value)); } }

    /// <summary>Cost per backend that has a price; empty without prices.</summary>
    public IReadOnlyDictionary<string, double> CostByBackend
    {
        get
        {
            lock (_lock)
            {
                return new SortedDictionary<string, double>(
                    _usage.Where(u => Options.Prices.ContainsKey(u.Key)).ToDictionary(u => u.Key, u => Cost(u.Key, u.Value)),
                    StringComparer.Ordinal);
            }
        }
    }

    /// <summary>The cost of some usage on a backend (0 without a price).</summary>
    public double Cost(string backend, TokenUsage usage)
    {
        ArgumentNullException.ThrowIfNull(usage);
        return Options.Prices.TryGetValue(backend, out var price)
            ? ((usage.InputTokens * price.InputPerMillion) + (usage.OutputTokens * price.OutputPerMillion)) / 1_000_000
            : 0;
    }

    public void Record(string backend, TokenUsage usage)
    {
        ArgumentNullException.ThrowIfNull(usage);
        Update(() => _usage[backend] = _usage.TryGetValue(backend, out var total) ? total.Add(usage) : usage);
    }

    /// <summary>
    /// Adds what earlier sessions of a resumed run spent (their manifest's budget section), so the caps count the whole
    /// run; trips at once when that alone reaches a cap.
    /// </summary>
    public void CarryOver(double cost, long tokens) => Update(() =>
    {
        _carriedCost += cost;
        _carriedTokens += tokens;
    });

    private void Update(Action change)
    {
        Action[] toRun;
        lock (_lock)
        {
            change();
            if (_exhausted || CapReached() is not { } cap)
                return;
            ExhaustedCap = cap;
            _exhausted = true;
            toRun = [.. _callbacks];
            _callbacks.Clear();
        }
        foreach (var callback in toRun)
            callback();
    }

    /// <summary>Runs the callback once when the budget trips (at once when it already has).</summary>
    public void OnExhausted(Action callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        lock (_lock)
        {
            if (!_exhausted)
            {
                _callbacks.Add(callback);
                return;
            }
        }
        callback();
    }

    /// <summary>One line saying which cap was reached, what was spent, and how to go on.</summary>
    public string Describe(string runFolder)
    {
        var spent = $"spent {SpentCost.ToString("0.##########", CultureInfo.InvariantCulture)} {Options.Currency} and {SpentTokens} tokens";
        var limit = ExhaustedCap == "budget.max_tokens"
            ? $"budget.max_tokens {Options.MaxTokens}"
            : $"budget.max_cost {Options.MaxCost?.ToString("0.##########", CultureInfo.InvariantCulture)} {Options.Currency}";
        return $"budget exhausted: {limit} reached ({spent}); no new requests were started. Raise {ExhaustedCap} and continue with: datagen build --resume {runFolder}";
    }

    private string? CapReached()
    {
        if (Options.MaxTokens is { } maxTokens && _carriedTokens + _usage.Values.Sum(u => u.TotalTokens) >= maxTokens)
            return "budget.max_tokens";
        if (Options.MaxCost is { } maxCost && _carriedCost + _usage.Sum(u => Cost(u.Key, u.Value)) >= maxCost)
            return "budget.max_cost";
        return null;
    }
}
