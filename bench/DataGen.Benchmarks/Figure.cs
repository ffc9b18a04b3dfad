namespace DataGen.Benchmarks;

/// <summary>One measured figure.</summary>
public sealed record Figure(string Measure, double Value, string Unit, string Format)
{
    public bool MayBeZero { get; init; }

    public string Text => double.IsFinite(Value) ? Value.ToString(Format, System.Globalization.CultureInfo.InvariantCulture) : "n/a";
}
