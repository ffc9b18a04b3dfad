using System.Globalization;

namespace DataGen.Stages.Llm.Metering;

/// <summary>pipeline.yaml `budget.prices.NAME:` what one backend charges per million tokens.</summary>
public sealed class PriceOptions : IValidatedOptions
{
    public double InputPerMillion { get; set; }
    public double OutputPerMillion { get; set; }

    public IEnumerable<string> Validate(string keyPath)
    {
        if (!double.IsFinite(InputPerMillion) || InputPerMillion < 0)
            yield return $"{keyPath}.input_per_million: must be a price >= 0 (got {InputPerMillion.ToString(CultureInfo.InvariantCulture)})";
        if (!double.IsFinite(OutputPerMillion) || OutputPerMillion < 0)
            yield return $"{keyPath}.output_per_million: must be a price >= 0 (got {OutputPerMillion.ToString(CultureInfo.InvariantCulture)})";
    }
}
