using DataGen.Schemas;
using DataGen.Stages.Emit;

namespace DataGen.Pipeline.Engine;

/// <summary>
/// --sequential: a plain depth-first loop, one row at a time through all stages, no channels and no concurrency.
/// Depth-first order is the same (prompt, path) order the parallel run writes, so both give identical output.
/// </summary>
internal sealed class SequentialRunner(IPromptFeed feed, IReadOnlyList<StageBinding> stages, IDatasetSink sink, RunCounters counters, EngineOptions options)
{
    public async Task<string?> RunAsync(CancellationToken token)
    {
        long read = 0;
        await foreach (var item in feed.ReadAsync(token).ConfigureAwait(false))
        {
            counters.Feed.AddIn();
            if (item.Prompt is { } prompt)
            {
                counters.Feed.AddOut();
                await RunRowAsync(0, prompt, token).ConfigureAwait(false);
            }
            else
            {
                counters.Feed.AddRejected();
                await SinkWriter.WriteAsync(sink, new TerminalRow(RowPath.Root, null, item.Reject), counters, token).ConfigureAwait(false);
            }
            counters.AddPromptDone();
            if (options.FailurePolicy.Check(counters.RowsProcessed, counters.RejectsWritten) is { } failure)
                return failure;
            if (++read >= options.Limit)
                break;
        }
        return null;
    }

    private async Task RunRowAsync(int stageIndex, object input, CancellationToken token)
    {
        var stage = stages[stageIndex];
        var last = stageIndex == stages.Count - 1;
        var reject = await StageInvoker.RunAsync(stage, counters.Stages[stageIndex], input, async (output, _) =>
        {
            if (last)
                await SinkWriter.WriteAsync(sink, new TerminalRow(RowPath.Root, (FinishedSample)output, null), counters, token).ConfigureAwait(false);
            else
                await RunRowAsync(stageIndex + 1, output, token).ConfigureAwait(false);
        }, token).ConfigureAwait(false);
        if (reject is not null)
            await SinkWriter.WriteAsync(sink, new TerminalRow(RowPath.Root, null, reject), counters, token).ConfigureAwait(false);
    }
}
