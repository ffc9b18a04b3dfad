using DataGen.Stages.Emit;

namespace DataGen.Pipeline.Engine;

/// <summary>Writes one prompt's rows (already in order) to the sink and counts them.</summary>
internal static class SinkWriter
{
    public static async ValueTask WriteAsync(IDatasetSink sink, IReadOnlyList<TerminalRow> rows, RunCounters counters, CancellationToken token)
    {
        foreach (var row in rows)
            await WriteAsync(sink, row, counters, token).ConfigureAwait(false);
        counters.AddPromptDone();
    }

    public static async ValueTask WriteAsync(IDatasetSink sink, TerminalRow row, RunCounters counters, CancellationToken token)
    {
        if (row.Row is { } finished)
        {
            await sink.WriteAsync(finished, token).ConfigureAwait(false);
            counters.AddRowWritten();
        }
        else if (row.Reject is { } reject)
        {
            await sink.WriteRejectAsync(reject, token).ConfigureAwait(false);
            counters.AddRejectWritten(reject.Reason);
            DataGen.Stages.Telemetry.DataGenMetrics.AddReject(reject.Stage, reject.Reason);
        }
    }
}
