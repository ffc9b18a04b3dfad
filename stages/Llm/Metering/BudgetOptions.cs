using System.Globalization;

namespace DataGen.Stages.Llm.Metering;

/// <summary>
/// pipeline.yaml `budget:` optional prices per backend and caps; reaching a cap stops the run resumably
/// (status budget_exhausted, exit 3). A backend without a price costs nothing.
/// </summary>
public sealed class BudgetOptions : IValidatedOptions
{
    public Dictionary<string, PriceOptions> Prices { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Most money the run may spend, in the unit of the prices.</summary>
    public double? MaxCost { get; set; }

    /// <summary>Most tokens (input + output, every backend) the run may use.</summary>
    public long? MaxTokens { get; set; }

    /// <summary>Unit the prices are in, shown in the manifest and messages.</summary>
    public string Currency { get; set; } = "USD";

    public bool HasCaps => MaxCost is not null || MaxTokens is not null;

    public IEnumerable<string> Validate(string keyPath)
    {
        foreach (var (name, price) in Prices.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            foreach (var error in price.Validate($"{keyPath}.prices.{name}"))
                yield return error;
        }
        if (MaxCost is { } cost && (!double.IsFinite(cost) || cost <= 0))
            yield return $"{keyPath}.max_cost: must be > 0 (got {cost.ToString(CultureInfo.InvariantCulture)}); remove it for no cost cap";
        else if (MaxCost is not null && Prices.Count == 0)
            yield return $"{keyPath}.max_cost: needs prices; add budget.prices.BACKEND: {{input_per_million: X, output_per_million: Y}}";
        if (MaxTokens is <= 0)
            yield return $"{keyPath}.max_tokens: must be > 0 (got {MaxTokens}); remove it for no token cap";
        if (string.IsNullOrWhiteSpace(Currency))
            yield return $"{keyPath}.currency: must not be empty (e.g. USD)";
    }
}
