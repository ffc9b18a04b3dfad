using DataGen.Stages.Emit;

namespace DataGen.Pipeline.Engine;

/// <summary>Writes one prompt's rows (already in order) to the sink and counts them.</summary>
internal static class SinkWriter
{
    /// <summary>
    /// Not cancellable on purpose: a prompt is written whole or not at all, so a checkpoint after cancellation never
    /// commits half a prompt (the writes are local and short).
    /// </summary>
    public static async ValueTask WriteAsync(IDatasetSink sink, IReadOnlyList<TerminalRow> rows, RunCounters counters, PromptTally? tally)
    {
        foreach (var row in rows)
            await WriteAsync(sink, row, counters, tally).ConfigureAwait(false);
        counters.AddPromptDone();
    }

    public static async ValueTask WriteAsync(IDatasetSink sink, TerminalRow row, RunCounters counters, PromptTally? tally)
    {
        if (row.Row is { } finished)
        {
            await sink.WriteAsync(finished, CancellationToken.None).ConfigureAwait(false);
            counters.AddRowWritten();
            tally?.AddRowWritten();
        }
        else if (row.Reject is { } reject)
        {
            await sink.WriteRejectAsync(reject, CancellationToken.None).ConfigureAwait(false);
            counters.AddRejectWritten(reject.Reason);
            DataGen.Stages.Telemetry.DataGenMetrics.AddReject(reject.Stage, reject.Reason);
            tally?.AddRejectWritten(reject.Reason);
        }
    }
}
