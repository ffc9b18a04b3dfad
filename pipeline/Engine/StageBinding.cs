using DataGen.Schemas;
using DataGen.Stages;

namespace DataGen.Pipeline.Engine;

/// <summary>A typed stage erased to object payloads so the engine can chain any number of stages; types are checked when the chain is built.</summary>
public sealed class StageBinding
{
    private readonly Func<object, CancellationToken, IAsyncEnumerable<object>> _process;

    private StageBinding(string name, Type input, Type output, int degreeOfParallelism, Func<object, CancellationToken, IAsyncEnumerable<object>> process)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(degreeOfParallelism, 1);
        Name = name;
        InputType = input;
        OutputType = output;
        DegreeOfParallelism = degreeOfParallelism;
        _process = process;
    }

    public string Name { get; }
    public Type InputType { get; }
    public Type OutputType { get; }
    public int DegreeOfParallelism { get; }

    public static StageBinding Create<TIn, TOut>(IStage<TIn, TOut> stage, int degreeOfParallelism)
        where TIn : IRowKeyed
        where TOut : notnull
    {
        ArgumentNullException.ThrowIfNull(stage);
        return new StageBinding(stage.Name, typeof(TIn), typeof(TOut), degreeOfParallelism, (input, ct) => Erase(stage.ProcessAsync((TIn)input, ct)));
    }

    internal IAsyncEnumerable<object> ProcessAsync(object input, CancellationToken cancellationToken) => _process(input, cancellationToken);

    public StageBinding WithDegreeOfParallelism(int degreeOfParallelism) => new(Name, InputType, OutputType, degreeOfParallelism, _process);

    /// <summary>Checks the chain starts at PromptRecord, ends at FinishedSample and each output feeds the next input.</summary>
    public static void EnsureChain(IReadOnlyList<StageBinding> stages)
    {
        ArgumentNullException.ThrowIfNull(stages);
        if (stages.Count == 0)
            throw new ArgumentException("the pipeline needs at least one stage", nameof(stages));
        var current = typeof(PromptRecord);
        foreach (var stage in stages)
        {
            if (!stage.InputType.IsAssignableFrom(current))
                throw new ArgumentException($"stage '{stage.Name}' takes {stage.InputType.Name} but receives {current.Name}", nameof(stages));
            current = stage.OutputType;
        }
        if (!typeof(FinishedSample).IsAssignableFrom(current))
            throw new ArgumentException($"the last stage must produce FinishedSample, not {current.Name}", nameof(stages));
    }

    private static async IAsyncEnumerable<object> Erase<TOut>(IAsyncEnumerable<TOut> source)
        where TOut : notnull
    {
        await foreach (var item in source.ConfigureAwait(false))
            yield return item;
    }
}
