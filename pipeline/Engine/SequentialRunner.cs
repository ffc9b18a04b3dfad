using DataGen.Schemas;
using DataGen.Stages.Emit;

namespace DataGen.Pipeline.Engine;

/// <summary>
/// --sequential: a plain depth-first loop, one row at a time through all stages, no channels and no concurrency.
/// Depth-first order is the same (prompt, path) order the parallel run writes, so both give identical output.
/// Rows go to the sink as they finish (one row alive at a time); a run stopped in the middle of a prompt therefore
/// commits no checkpoint at the stop (the last periodic one stays the resume point).
/// </summary>
internal sealed class SequentialRunner(
    IPromptFeed feed, IReadOnlyList<StageBinding> stages, IDatasetSink sink, RunCounters counters, EngineOptions options, IRunCheckpointer? checkpointer)
{
    private volatile bool _midPrompt;

    /// <summary>False when the sink stopped in the middle of a prompt (a fault while writing): then nothing may be committed.</summary>
    public bool SinkAtPromptBoundary => !_midPrompt;

    public async Task<string?> RunAsync(CancellationToken token)
    {
        long read = 0;
        await foreach (var item in feed.ReadAsync(token).ConfigureAwait(false))
        {
            var tally = new PromptTally(stages.Count) { PromptId = item.Prompt?.Id ?? item.Reject?.PromptId };
            counters.Feed.AddIn();
            tally.Feed.AddIn();
            if (item.Prompt is { } prompt)
            {
                counters.Feed.AddOut();
                tally.Feed.AddOut();
                await RunRowAsync(0, prompt, tally, token).ConfigureAwait(false);
            }
            else
            {
                counters.Feed.AddRejected();
                tally.Feed.AddRejected();
                await WriteRowAsync(new TerminalRow(RowPath.Root, null, item.Reject), counters, tally).ConfigureAwait(false);
            }
            counters.AddPromptDone();
            if (checkpointer is not null)
                await checkpointer.PromptWrittenAsync(tally, CancellationToken.None).ConfigureAwait(false);
            _midPrompt = false;
            if (options.FailurePolicy.Check(counters.RowsProcessed, counters.RejectsWritten) is { } failure)
                return failure;
            if (++read >= options.Limit)
                break;
        }
        return null;
    }

    /// <summary>From the first row of a prompt until the prompt is done, the sink is not at a prompt boundary.</summary>
    private ValueTask WriteRowAsync(TerminalRow row, RunCounters runCounters, PromptTally tally)
    {
        _midPrompt = true;
        return SinkWriter.WriteAsync(sink, row, runCounters, tally);
    }

    private async Task RunRowAsync(int stageIndex, object input, PromptTally tally, CancellationToken token)
    {
        var stage = stages[stageIndex];
        var last = stageIndex == stages.Count - 1;
        var reject = await StageInvoker.RunAsync(stage, counters.Stages[stageIndex], input, async (output, _) =>
        {
            if (last)
                await WriteRowAsync(new TerminalRow(RowPath.Root, (FinishedSample)output, null), counters, tally).ConfigureAwait(false);
            else
                await RunRowAsync(stageIndex + 1, output, tally, token).ConfigureAwait(false);
        }, token, tally.Stage(stageIndex)).ConfigureAwait(false);
        if (reject is not null)
            await WriteRowAsync(new TerminalRow(RowPath.Root, null, reject), counters, tally).ConfigureAwait(false);
    }
}
