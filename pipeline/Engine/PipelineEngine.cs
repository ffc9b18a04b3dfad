using DataGen.Stages.Emit;
using Microsoft.Extensions.Logging;

namespace DataGen.Pipeline.Engine;

/// <summary>
/// Runs prompts through a chain of stages into a sink. Row failures become rejects; the run fails on too many
/// rejects or a fatal error, and is cancelled by the token. The engine owns the sink: it completes it only when
/// the run completed, and always disposes it (disposing without completing aborts: temp files go away).
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
        IPromptFeed feed, IReadOnlyList<StageBinding> stages, IDatasetSink sink, RunCounters counters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(feed);
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(counters);
        await using var ownedSink = sink.ConfigureAwait(false);
        StageBinding.EnsureChain(stages);
        try
        {
            var failure = options.Sequential
                ? await new SequentialRunner(feed, stages, sink, counters, options).RunAsync(cancellationToken).ConfigureAwait(false)
                : await new ChannelRunner(feed, stages, sink, counters, options).RunAsync(cancellationToken).ConfigureAwait(false);
            if (failure is null && counters.RowsWritten == 0 && counters.RejectsWritten > 0)
                failure = $"every row was rejected ({counters.RejectsWritten}); nothing to write";
            if (failure is not null)
            {
                Log.RunFailed(logger, failure);
                return new EngineResult(RunStatus.Failed, ExitCodes.RunFailed, failure, null);
            }
            var summary = await sink.CompleteAsync(cancellationToken).ConfigureAwait(false);
            return new EngineResult(RunStatus.Completed, ExitCodes.Ok, null, summary);
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            Log.RunCancelled(logger, counters.RowsProcessed);
            return new EngineResult(RunStatus.Cancelled, ExitCodes.Cancelled, "cancelled by the user; outputs were discarded", null);
        }
        catch (Exception ex)
        {
            var message = RejectFactory.OneLine(DataGen.Pipeline.Build.OutputErrors.Describe(ex));
            Log.RunFaulted(logger, message, ex);
            return new EngineResult(RunStatus.Failed, ExitCodes.RunFailed, message, null);
        }
    }
}
