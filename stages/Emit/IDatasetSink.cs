using DataGen.Schemas;

namespace DataGen.Stages.Emit;

/// <summary>
/// Where finished rows go. The engine calls Write* in deterministic order (prompt ordinal, sample index).
/// CompleteAsync flushes and renames part files to their final names; disposing without completing
/// aborts: temporary files are deleted so nothing half-written looks complete.
/// </summary>
public interface IDatasetSink : IAsyncDisposable
{
    ValueTask WriteAsync(FinishedSample row, CancellationToken cancellationToken);

    ValueTask WriteRejectAsync(RejectRecord reject, CancellationToken cancellationToken);

    ValueTask<DatasetSummary> CompleteAsync(CancellationToken cancellationToken);
}

/// <summary>
/// What was written: rows per output (samples, sft, dpo, rejects), DPO pairs per kind, final file paths, and
/// rows/pairs not emitted keyed "output_or_kind:reason" (e.g. "recover:empty_remainder"; empty when not tracked).
/// </summary>
public sealed record DatasetSummary(
    IReadOnlyDictionary<string, long> RowsPerOutput,
    IReadOnlyDictionary<string, long> DpoPairsByKind,
    IReadOnlyList<string> Files,
    IReadOnlyDictionary<string, long>? SkippedByReason = null)
{
    public IReadOnlyDictionary<string, long> Skipped => SkippedByReason ?? new Dictionary<string, long>();
}
