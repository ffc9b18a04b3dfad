using DataGen.Schemas;
using DataGen.Schemas.Parquet;
using DataGen.Stages.Tokenization;

namespace DataGen.Stages.Emit;

/// <summary>
/// Writes a run's outputs as Parquet, one folder per output (RUN/samples, RUN/sft, RUN/dpo, RUN/rejects), each with
/// part-NNNNN.parquet files of a fixed schema, so `load_dataset("parquet", data_files="RUN/dpo/*.parquet")` works.
/// Parts roll at checkpoints (the engine calls CheckpointAsync at prompt boundaries); a resumed run passes what
/// earlier sessions committed, and numbering and totals continue from there.
/// </summary>
public sealed class DatasetWriter : ICheckpointableSink
{
    /// <summary>Name of the first part of each output.</summary>
    public const string PartName = "part-00000";

    private readonly string _runDirectory;
    private readonly RollingPartWriter<SampleRow> _samples;
    private readonly RollingPartWriter<SftRow> _sft;
    private readonly RollingPartWriter<DpoRow> _dpo;
    private readonly RollingPartWriter<RejectRow> _rejects;
    private readonly SftRowBuilder _sftBuilder;
    private readonly DpoPairBuilder _dpoBuilder;
    private readonly SkipTally _skipped = new();
    private readonly IReadOnlyDictionary<string, long> _skippedBefore;
    private readonly Dictionary<string, long> _pairsByKind = new(StringComparer.Ordinal);

    /// <param name="resumeFrom">Totals and part files earlier sessions of this run committed; null for a fresh run.</param>
    public DatasetWriter(string runDirectory, EmitOptions options, long runSeed, ITokenCounter tokens, DatasetSummary? resumeFrom = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate("emit").ToList();
        if (errors.Count > 0)
            throw new ArgumentException(string.Join("; ", errors), nameof(options));
        _runDirectory = runDirectory;
        var markers = new MarkerFormatter(options);
        _sftBuilder = new SftRowBuilder(options, markers);
        _dpoBuilder = new DpoPairBuilder(options, runSeed, tokens, markers);
        foreach (var kind in options.DpoKinds)
            _pairsByKind[kind] = resumeFrom?.DpoPairsByKind.GetValueOrDefault(kind) ?? 0;
        _skippedBefore = resumeFrom?.Skipped ?? new Dictionary<string, long>();
        _samples = Open<SampleRow>(DatasetOutputs.Samples, options, resumeFrom);
        _sft = Open<SftRow>(DatasetOutputs.Sft, options, resumeFrom);
        _dpo = Open<DpoRow>(DatasetOutputs.Dpo, options, resumeFrom);
        _rejects = Open<RejectRow>(DatasetOutputs.Rejects, options, resumeFrom);
    }

    public async ValueTask WriteAsync(FinishedSample row, CancellationToken cancellationToken)
    {
        await _samples.WriteAsync(SampleRowBuilder.Build(row), cancellationToken);
        if (_sftBuilder.Build(row, _skipped) is { } sft)
            await _sft.WriteAsync(sft, cancellationToken);
        foreach (var pair in _dpoBuilder.Build(row, _skipped))
        {
            await _dpo.WriteAsync(pair, cancellationToken);
            _pairsByKind[pair.Kind] = _pairsByKind.GetValueOrDefault(pair.Kind) + 1;
        }
    }

    public ValueTask WriteRejectAsync(RejectRecord reject, CancellationToken cancellationToken) =>
        _rejects.WriteAsync(RejectRow.From(reject), cancellationToken);

    public async ValueTask<DatasetSummary> CheckpointAsync(CancellationToken cancellationToken)
    {
        await _samples.CommitAsync(cancellationToken);
        await _sft.CommitAsync(cancellationToken);
        await _dpo.CommitAsync(cancellationToken);
        await _rejects.CommitAsync(cancellationToken);
        foreach (var output in DatasetOutputs.All)
            DirectorySync.Flush(Path.Combine(_runDirectory, output));
        return Summary();
    }

    public async ValueTask<DatasetSummary> CompleteAsync(CancellationToken cancellationToken)
    {
        await _samples.CompleteAsync(cancellationToken);
        await _sft.CompleteAsync(cancellationToken);
        await _dpo.CompleteAsync(cancellationToken);
        await _rejects.CompleteAsync(cancellationToken);
        return Summary();
    }

    public async ValueTask DisposeAsync()
    {
        // Each writer removes its own unfinished file; one failing must not leave the others' files behind.
        var failures = new List<Exception>();
        foreach (var writer in new IAsyncDisposable[] { _samples, _sft, _dpo, _rejects })
        {
            try
            {
                await writer.DisposeAsync();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                failures.Add(ex);
            }
        }
        if (failures.Count > 0)
            throw new AggregateException(failures);
    }

    private DatasetSummary Summary()
    {
        var rows = new Dictionary<string, long>(StringComparer.Ordinal)
        {
            [DatasetOutputs.Samples] = _samples.RowCount,
            [DatasetOutputs.Sft] = _sft.RowCount,
            [DatasetOutputs.Dpo] = _dpo.RowCount,
            [DatasetOutputs.Rejects] = _rejects.RowCount,
        };
        var files = _samples.Files.Concat(_sft.Files).Concat(_dpo.Files).Concat(_rejects.Files).ToList();
        var skipped = new Dictionary<string, long>(_skippedBefore, StringComparer.Ordinal);
        foreach (var (key, count) in _skipped.Snapshot())
            skipped[key] = skipped.GetValueOrDefault(key) + count;
        return new DatasetSummary(rows, new Dictionary<string, long>(_pairsByKind, StringComparer.Ordinal), files, skipped);
    }

    private RollingPartWriter<TRow> Open<TRow>(string output, EmitOptions options, DatasetSummary? resumeFrom)
        where TRow : class, new()
    {
        var folder = Path.Combine(_runDirectory, output);
        var committed = resumeFrom?.Files
            .Where(f => string.Equals(Path.GetFileName(Path.GetDirectoryName(f)), output, StringComparison.Ordinal))
            .ToList() ?? [];
        return new RollingPartWriter<TRow>(folder, options.RowGroupSize, committed, resumeFrom?.RowsPerOutput.GetValueOrDefault(output) ?? 0);
    }
}
