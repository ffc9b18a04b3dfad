using System.Diagnostics;
using DataGen.Schemas;

namespace DataGen.Pipeline.Engine;

/// <summary>
/// Runs one stage on one input and hands each output on. Only the stage's own failures become a reject;
/// failures of the hand-on (the next stage, the sink) and cancellation of the run propagate.
/// </summary>
internal static class StageInvoker
{
    public static async ValueTask<RejectRecord?> RunAsync(
        StageBinding stage, StageCounters counters, object input, Func<object, int, ValueTask> onOutput, CancellationToken cancellationToken,
        StageTally? tally = null)
    {
        counters.AddIn();
        tally?.AddIn();
        IAsyncEnumerator<object> outputs;
        try
        {
            outputs = stage.ProcessAsync(input, cancellationToken).GetAsyncEnumerator(cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            return Reject(stage, counters, tally, input, ex);
        }

        Exception? failure = null;
        try
        {
            var index = 0;
            while (true)
            {
                var started = Stopwatch.GetTimestamp();
                bool hasOutput;
                try
                {
                    hasOutput = await outputs.MoveNextAsync().ConfigureAwait(false);
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                {
                    failure = ex;
                    break;
                }
                finally
                {
                    var busy = Stopwatch.GetTimestamp() - started;
                    counters.AddBusy(busy);
                    tally?.AddBusy(busy);
                }
                if (!hasOutput)
                    break;
                var output = outputs.Current;
                counters.AddOut();
                counters.AddUsageOf(output);
                tally?.AddOut();
                tally?.AddUsageOf(output);
                await onOutput(output, index++).ConfigureAwait(false);
            }
        }
        finally
        {
            try
            {
                await outputs.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                failure ??= ex;
            }
        }
        return failure is null ? null : Reject(stage, counters, tally, input, failure);
    }

    private static RejectRecord Reject(StageBinding stage, StageCounters counters, StageTally? tally, object input, Exception exception)
    {
        counters.AddRejected();
        tally?.AddRejected();
        return RejectFactory.Create(stage.Name, input, exception);
    }
}
