using DataGen.Stages.Tokenization;

namespace DataGen.Pipeline.Inspect;

/// <summary>What one pass over a run collects: examples (up to ExamplesPerOutput per output, after Filter) and, when Validate, problems.</summary>
public sealed record ScanOptions(bool Validate, ITokenCounter Tokens, RowFilter Filter, int ExamplesPerOutput);
