namespace DataGen.Benchmarks;

/// <summary>What one benchmark measured: its figures, the ratio it is judged by (if any) and what bounds a missed target.</summary>
public sealed class BenchmarkReport(string title)
{
    public string Title { get; } = title;

    public List<Figure> Figures { get; } = [];

    public TargetCheck? Target { get; set; }

    /// <summary>Measured facts that explain the figures (what bounds a missed target, setup caveats).</summary>
    public List<string> Notes { get; } = [];

    public void Add(string measure, double value, string unit, string format = "N1") => Figures.Add(new Figure(measure, value, unit, format));

    /// <summary>A figure that may legitimately be zero (e.g. memory held), clamped at zero against GC noise.</summary>
    public void AddMayBeZero(string measure, double value, string unit, string format) =>
        Figures.Add(new Figure(measure, Math.Max(0, value), unit, format) { MayBeZero = true });
}
