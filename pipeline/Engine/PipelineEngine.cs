using DataGen.Stages.Emit;
using Microsoft.Extensions.Logging;

namespace DataGen.Pipeline.Engine;

/// <summary>
/// Runs prompts through a chain of stages into a sink. Row failures become rejects; the run fails on too many
/// rejects or a fatal error, and is cancelled by the token. The engine owns the sink: it completes it only when
/// the run completed, and always disposes it (disposing without completing aborts: temp files go away).
/// With a checkpointer, a run that stops early for any reason first commits every prompt fully written, so
/// `datagen build --resume` continues from there.
/// </summary>
public sealed class PipelineEngine(EngineOptions options, ILogger<PipelineEngine> logger)
{
    public static RunCounters CreateCounters(IReadOnlyList<StageBinding> stages, long? promptTotal, EngineOptions options)
    {
        ArgumentNullException.ThrowIfNull(stages);
        ArgumentNullException.ThrowIfNull(options);
        var total = options.Limit is { } limit && promptTotal is { } known ? Math.Min(limit, known) : promptTotal;
        return new RunCounters(stages.Select(s => new StageCounters(s.Name, options.Sequential ? 1 : s.DegreeOfParallelism)), total);
    }

    public async Task<EngineResult> RunAsync(
        IPromptFeed feed, IReadOnlyList<StageBinding> stages, IDatasetSink sink, RunCounters counters, CancellationToken cancellationToken,
        IRunCheckpointer? checkpointer = null)
    {
        ArgumentNullException.ThrowIfNull(feed);
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(counters);
        await using var ownedSink = sink.ConfigureAwait(false);
        StageBinding.EnsureChain(stages);
        checkpointer?.Start([RunCounters.FeedStageName, .. stages.Select(s => s.Name)]);
        var sequential = options.Sequential ? new SequentialRunner(feed, stages, sink, counters, options, checkpointer) : null;
        var parallel = options.Sequential ? null : new ChannelRunner(feed, stages, sink, counters, options, checkpointer);
        bool AtPromptBoundary() => sequential?.SinkAtPromptBoundary ?? parallel!.SinkAtPromptBoundary;
        try
        {
            var failure = sequential is not null
                ? await sequential.RunAsync(cancellationToken).ConfigureAwait(false)
                : await parallel!.RunAsync(cancellationToken).ConfigureAwait(false);
            if (failure is null && counters.RowsWritten == 0 && counters.RejectsWritten > 0)
                failure = $"every row was rejected ({counters.RejectsWritten}); nothing to write";
            if (failure is not null)
            {
                Log.RunFailed(logger, failure);
                var committed = await CommitAsync(checkpointer, AtPromptBoundary()).ConfigureAwait(false);
                return new EngineResult(RunStatus.Failed, ExitCodes.RunFailed, failure, committed);
            }
            var summary = await sink.CompleteAsync(cancellationToken).ConfigureAwait(false);
            if (checkpointer is not null)
                await checkpointer.CompletedAsync(summary, CancellationToken.None).ConfigureAwait(false);
            return new EngineResult(RunStatus.Completed, ExitCodes.Ok, null, summary);
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            Log.RunCancelled(logger, counters.RowsProcessed);
            var committed = await CommitAsync(checkpointer, AtPromptBoundary()).ConfigureAwait(false);
            var error = committed is null
                ? "cancelled by the user; outputs were discarded"
                : "cancelled; every prompt fully written was committed, resume with `datagen build --resume RUN`";
            return new EngineResult(RunStatus.Cancelled, ExitCodes.Cancelled, error, committed);
        }
        catch (Exception ex)
        {
            var message = RejectFactory.OneLine(DataGen.Pipeline.Build.OutputErrors.Describe(ex));
            Log.RunFaulted(logger, message, ex);
            var committed = await CommitAsync(checkpointer, AtPromptBoundary()).ConfigureAwait(false);
            return new EngineResult(RunStatus.Failed, ExitCodes.RunFailed, message, committed);
        }
    }

    /// <summary>Best effort: a commit that fails leaves the last checkpoint in place, which is still a safe point to resume from.</summary>
    private async Task<DatasetSummary?> CommitAsync(IRunCheckpointer? checkpointer, bool atPromptBoundary)
    {
        if (checkpointer is null || !atPromptBoundary)
            return null;
        try
        {
            return await checkpointer.CommitAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            Resume.ResumeLog.CheckpointFailed(logger, RejectFactory.OneLine(ex.Message), ex);
            return null;
        }
    }
}
