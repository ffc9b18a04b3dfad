using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using DataGen.Stages.Emit;

namespace DataGen.Pipeline.Engine;

/// <summary>
/// The parallel run: feed → bounded channel → stage workers (each stage its own degree of parallelism) → … →
/// reorder buffer → sink. Bounded channels in Wait mode give backpressure; the reorder window bounds prompts in flight.
/// </summary>
internal sealed class ChannelRunner(
    IPromptFeed feed, IReadOnlyList<StageBinding> stages, IDatasetSink sink, RunCounters counters, EngineOptions options, IRunCheckpointer? checkpointer)
{
    private readonly object _faultGate = new();
    private ExceptionDispatchInfo? _fault;
    private volatile bool _midPrompt;

    /// <summary>False when the sink stopped in the middle of a prompt (a fault while writing): then nothing may be committed.</summary>
    public bool SinkAtPromptBoundary => !_midPrompt;

    /// <summary>Returns the failure-rate message when the run must fail, null when every row reached the sink.</summary>
    public async Task<string?> RunAsync(CancellationToken cancellationToken)
    {
        using var run = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var buffer = new ReorderBuffer(options.ReorderWindow, stages.Count);
        var channels = stages.Select(_ => Channel.CreateBounded<RowEnvelope>(new BoundedChannelOptions(options.ChannelCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
        })).ToArray();

        var tasks = new List<Task> { Guard(FeedAsync(buffer, channels[0].Writer, run.Token), run) };
        for (var i = 0; i < stages.Count; i++)
        {
            var next = i + 1 < stages.Count ? channels[i + 1].Writer : null;
            tasks.Add(Guard(RunStageAsync(stages[i], i, counters.Stages[i], channels[i].Reader, next, buffer, run.Token), run));
        }
        var writer = WriteAsync(buffer, run.Token);
        tasks.Add(Guard(writer, run));

        await Task.WhenAll(tasks.Select(t => t.ContinueWith(static _ => { }, TaskScheduler.Default))).ConfigureAwait(false);
        _fault?.Throw();
        cancellationToken.ThrowIfCancellationRequested();
        if (buffer.StoppedAtAbandonedPrompt)
            throw new InvalidOperationException("the run stopped at a prompt whose rows were not all finished");
        return writer.IsCompletedSuccessfully ? writer.Result : throw new InvalidOperationException("the sink writer stopped without a result");
    }

    /// <summary>The first real fault cancels the whole run; whatever fails after the run was cancelled is a consequence, not a fault.</summary>
    private async Task Guard(Task task, CancellationTokenSource run)
    {
        try
        {
            await task.ConfigureAwait(false);
            if (task is Task<string?> { Result: not null })
                await run.CancelAsync().ConfigureAwait(false);
        }
        catch (Exception) when (run.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            lock (_faultGate)
                _fault ??= ExceptionDispatchInfo.Capture(ex);
            await run.CancelAsync().ConfigureAwait(false);
        }
    }

    private async Task FeedAsync(ReorderBuffer buffer, ChannelWriter<RowEnvelope> first, CancellationToken token)
    {
        try
        {
            long read = 0;
            await foreach (var item in feed.ReadAsync(token).ConfigureAwait(false))
            {
                var sequence = await buffer.AdmitAsync(token).ConfigureAwait(false);
                counters.Feed.AddIn();
                var promptTally = buffer.TallyOf(sequence);
                promptTally.PromptId = item.Prompt?.Id ?? item.Reject?.PromptId;
                var tally = promptTally.Feed;
                tally.AddIn();
                if (item.Prompt is { } prompt)
                {
                    counters.Feed.AddOut();
                    tally.AddOut();
                    await first.WriteAsync(new RowEnvelope(sequence, RowPath.Root, prompt), token).ConfigureAwait(false);
                }
                else
                {
                    counters.Feed.AddRejected();
                    tally.AddRejected();
                    buffer.Add(sequence, new TerminalRow(RowPath.Root.Append(RowPath.RejectStep), null, item.Reject));
                    buffer.RemoveInFlight(sequence);
                }
                if (++read >= options.Limit)
                    break;
            }
        }
        finally
        {
            first.TryComplete();
            buffer.MarkFeedDone();
        }
    }

    private static async Task RunStageAsync(
        StageBinding stage, int stageIndex, StageCounters stageCounters, ChannelReader<RowEnvelope> input, ChannelWriter<RowEnvelope>? next,
        ReorderBuffer buffer, CancellationToken token)
    {
        try
        {
            var workers = Enumerable.Range(0, stage.DegreeOfParallelism).Select(_ => Task.Run(async () =>
            {
                await foreach (var row in input.ReadAllAsync(token).ConfigureAwait(false))
                    await ProcessRowAsync(stage, stageIndex, stageCounters, row, next, buffer, token).ConfigureAwait(false);
            }, token));
            await Task.WhenAll(workers).ConfigureAwait(false);
            next?.TryComplete();
        }
        catch (Exception ex)
        {
            next?.TryComplete(ex);
            throw;
        }
    }

    private static async Task ProcessRowAsync(
        StageBinding stage, int stageIndex, StageCounters stageCounters, RowEnvelope row, ChannelWriter<RowEnvelope>? next, ReorderBuffer buffer,
        CancellationToken token)
    {
        try
        {
            var reject = await StageInvoker.RunAsync(stage, stageCounters, row.Payload, async (output, index) =>
            {
                var path = row.Path.Append(index);
                if (next is null)
                {
                    buffer.Add(row.Sequence, new TerminalRow(path, (DataGen.Schemas.FinishedSample)output, null));
                    return;
                }
                // Count the row before it is handed on, so its prompt never looks complete while it is in flight.
                buffer.AddInFlight(row.Sequence);
                await next.WriteAsync(new RowEnvelope(row.Sequence, path, output), token).ConfigureAwait(false);
            }, token, buffer.TallyOf(row.Sequence).Stage(stageIndex)).ConfigureAwait(false);
            if (reject is not null)
                buffer.Add(row.Sequence, new TerminalRow(row.Path.Append(RowPath.RejectStep), null, reject));
        }
        catch
        {
            buffer.Abandon(row.Sequence);
            throw;
        }
        finally
        {
            buffer.RemoveInFlight(row.Sequence);
        }
    }

    private async Task<string?> WriteAsync(ReorderBuffer buffer, CancellationToken token)
    {
        while (await buffer.TakeNextAsync(token).ConfigureAwait(false) is { } prompt)
        {
            _midPrompt = true;
            await SinkWriter.WriteAsync(sink, prompt.Rows, counters, prompt.Tally).ConfigureAwait(false);
            if (checkpointer is not null)
                await checkpointer.PromptWrittenAsync(prompt.Tally, CancellationToken.None).ConfigureAwait(false);
            _midPrompt = false;
            buffer.Release();
            if (options.FailurePolicy.Check(counters.RowsProcessed, counters.RejectsWritten) is { } failure)
                return failure;
        }
        return null;
    }
}
