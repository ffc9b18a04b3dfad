using DataGen.Schemas.Parquet;

namespace DataGen.Pipeline.Inspect;

/// <summary>
/// Accumulates the run summary row by row (counts, shares, distributions). Distributions come from the samples table;
/// when only an sft file is inspected, backtrack and continuation lengths come from its backtrack rows.
/// </summary>
public sealed class SummaryCollector
{
    private readonly List<FileSummary> _files = [];
    private readonly SortedDictionary<string, long> _sftByKind = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, long> _dpoByKind = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, long> _rejects = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, (long Samples, long Violating)> _sources = new(StringComparer.Ordinal);
    private readonly ValueDistribution _backtrackTokens = new();
    private readonly ValueDistribution _violationChars = new();
    private readonly ValueDistribution _continuationChars = new();
    private readonly ValueDistribution _attempts = new();
    private readonly ValueDistribution _sftBacktrackTokens = new();
    private readonly ValueDistribution _sftViolationChars = new();
    private readonly ValueDistribution _sftContinuationChars = new();
    private long _samples;
    private long _violating;
    private long _corrected;
    private long _inputTokens;
    private long _outputTokens;

    public void AddFile(FileSummary file) => _files.Add(file);

    public void Add(SampleRow row)
    {
        _samples++;
        var source = _sources.GetValueOrDefault(row.Source);
        _sources[row.Source] = (source.Samples + 1, source.Violating + (row.HasViolation ? 1 : 0));
        _inputTokens += row.InputTokens;
        _outputTokens += row.OutputTokens;
        if (row.HasViolation)
            _violating++;
        if (row.BacktrackTokens is { } tokens)
            _backtrackTokens.Add(tokens);
        if (row.BacktrackChars is { } chars)
            _violationChars.Add(chars);
        if (row.Correction is { } correction)
        {
            _corrected++;
            _continuationChars.Add(correction.Continuation.Length);
            _attempts.Add(correction.Attempts);
        }
    }

    public void Add(SftRow row)
    {
        Increment(_sftByKind, row.Kind);
        if (row.Kind != "backtrack")
            return;
        _sftBacktrackTokens.Add(row.BacktrackTokens);
        _sftViolationChars.Add(row.BacktrackChars);
        _sftContinuationChars.Add(row.Continuation.Length);
    }

    public void Add(DpoRow row) => Increment(_dpoByKind, row.Kind);

    public void Add(RejectRow row) => Increment(_rejects, $"{row.Stage}:{row.Reason}");

    public InspectSummary Build(string input)
    {
        var fromSamples = _samples > 0;
        var rows = _files.GroupBy(f => f.Output).ToDictionary(g => g.Key, g => g.Sum(f => f.Rows), StringComparer.Ordinal);
        var distributions = new List<DistributionSummary>
        {
            (fromSamples ? _backtrackTokens : _sftBacktrackTokens).Summarize("backtrack_tokens", "tokens"),
            (fromSamples ? _violationChars : _sftViolationChars).Summarize("violation_chars", "chars"),
            (fromSamples ? _continuationChars : _sftContinuationChars).Summarize("continuation_chars", "chars"),
            _attempts.Summarize("synthesis_attempts", "attempts"),
        };
        return new InspectSummary(
            input,
            [.. _files.OrderBy(f => DatasetOutputs.All.ToList().IndexOf(f.Output)).ThenBy(f => f.Path, StringComparer.Ordinal)],
            rows,
            new Dictionary<string, long>(_sftByKind, StringComparer.Ordinal),
            new Dictionary<string, long>(_dpoByKind, StringComparer.Ordinal),
            _samples,
            _violating,
            fromSamples ? (double)_violating / _samples : null,
            _corrected,
            [.. _sources.Select(s => new SourceShare(s.Key, s.Value.Samples, s.Value.Violating))],
            distributions,
            new Dictionary<string, long>(_rejects, StringComparer.Ordinal),
            new TokenTotals(_inputTokens, _outputTokens));
    }

    private static void Increment(SortedDictionary<string, long> counts, string key) => counts[key] = counts.GetValueOrDefault(key) + 1;
}
