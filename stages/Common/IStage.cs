using DataGen.Schemas;

namespace DataGen.Stages;

/// <summary>
/// A pipeline stage: one input record type, one output record type, no knowledge of its neighbours.
/// It may yield zero or more outputs per input. Throwing (RowRejectedException for expected failures)
/// rejects the row; the engine records it and the run goes on.
/// </summary>
public interface IStage<in TIn, out TOut>
    where TIn : IRowKeyed
{
    string Name { get; }

    IAsyncEnumerable<TOut> ProcessAsync(TIn input, CancellationToken cancellationToken);
}
