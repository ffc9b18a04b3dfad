using DataGen.Schemas;
using DataGen.Stages;

namespace DataGen.Tests.Pipeline.Support;

/// <summary>A small real stage whose per-row work is given as a function (delays, failures, fan-out are up to the test).</summary>
internal sealed class DelegateStage<TIn, TOut>(string name, Func<TIn, CancellationToken, IAsyncEnumerable<TOut>> process) : IStage<TIn, TOut>
    where TIn : IRowKeyed
{
    public string Name { get; } = name;

    public IAsyncEnumerable<TOut> ProcessAsync(TIn input, CancellationToken cancellationToken) => process(input, cancellationToken);
}
