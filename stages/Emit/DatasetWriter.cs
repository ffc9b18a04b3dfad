using DataGen.Schemas;
using DataGen.Schemas.Parquet;
using DataGen.Stages.Tokenization;

namespace DataGen.Stages.Emit;

/// <summary>
/// Writes a run's outputs as Parquet, one folder per output (RUN/samples, RUN/sft, RUN/dpo, RUN/rejects), each with
/// part-00000.parquet of a fixed schema, so `load_dataset("parquet", data_files="RUN/dpo/*.parquet")` works.
/// </summary>
public sealed class DatasetWriter : IDatasetSink
{
    public const string PartName = "part-00000";

    private readonly ParquetPartWriter<SampleRow> _samples;
    private readonly ParquetPartWriter<SftRow> _sft;
    private readonly ParquetPartWriter<DpoRow> _dpo;
    private readonly ParquetPartWriter<RejectRow> _rejects;
    private readonly SftRowBuilder _sftBuilder;
    private readonly DpoPairBuilder _dpoBuilder;
    private readonly SkipTally _skipped = new();
    private readonly Dictionary<string, long> _pairsByKind = new(StringComparer.Ordinal);

    public DatasetWriter(string runDirectory, EmitOptions options, long runSeed, ITokenCounter tokens)
    {
        var errors = options.Validate("emit").ToList();
        if (errors.Count > 0)
            throw new ArgumentException(string.Join("; ", errors), nameof(options));
        var markers = new MarkerFormatter(options);
        _sftBuilder = new SftRowBuilder(options, markers);
        _dpoBuilder = new DpoPairBuilder(options, runSeed, tokens, markers);
        foreach (var kind in options.DpoKinds)
            _pairsByKind[kind] = 0;
        _samples = new(Path.Combine(runDirectory, DatasetOutputs.Samples), PartName, options.RowGroupSize);
        _sft = new(Path.Combine(runDirectory, DatasetOutputs.Sft), PartName, options.RowGroupSize);
        _dpo = new(Path.Combine(runDirectory, DatasetOutputs.Dpo), PartName, options.RowGroupSize);
        _rejects = new(Path.Combine(runDirectory, DatasetOutputs.Rejects), PartName, options.RowGroupSize);
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

    public async ValueTask<DatasetSummary> CompleteAsync(CancellationToken cancellationToken)
    {
        var files = new List<string>
        {
            await _samples.CompleteAsync(cancellationToken),
            await _sft.CompleteAsync(cancellationToken),
            await _dpo.CompleteAsync(cancellationToken),
            await _rejects.CompleteAsync(cancellationToken),
        };
        var rows = new Dictionary<string, long>(StringComparer.Ordinal)
        {
            [DatasetOutputs.Samples] = _samples.RowCount,
            [DatasetOutputs.Sft] = _sft.RowCount,
            [DatasetOutputs.Dpo] = _dpo.RowCount,
            [DatasetOutputs.Rejects] = _rejects.RowCount,
        };
        return new DatasetSummary(rows, new Dictionary<string, long>(_pairsByKind, StringComparer.Ordinal), files, _skipped.Snapshot());
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
}
