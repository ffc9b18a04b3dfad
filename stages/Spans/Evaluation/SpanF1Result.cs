namespace DataGen.Stages.Spans.Evaluation;

/// <summary>Mean per-text span F1, precision and recall over <see cref="Texts"/> texts.</summary>
public sealed record SpanF1Result(double F1, double Precision, double Recall, int Texts);
