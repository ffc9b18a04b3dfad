using System.Runtime.CompilerServices;
using DataGen.Pipeline.Engine;
using DataGen.Schemas;

namespace DataGen.Tests.Pipeline.Support;

/// <summary>
/// The four-stage shape of the real pipeline (prompt → samples → scored → planned → finished) built from small
/// test stages: per-row delays and failures are chosen by the test, probes count concurrent work and live rows.
/// </summary>
internal sealed class TestChain
{
    public const string Sampling = "sampling";
    public const string Spans = "spans";
    public const string Rewind = "rewind";
    public const string Synthesis = "synthesis";

    public int SamplesPerPrompt { get; init; } = 3;
    public int Parallelism { get; init; } = 4;

    /// <summary>Exception a stage throws for a row (key, stage), or null to succeed.</summary>
    public Func<RowKey, string, Exception?> Failure { get; init; } = (_, _) => null;

    /// <summary>How long a stage works on a row.</summary>
    public Func<RowKey, string, TimeSpan> Delay { get; init; } = (_, _) => TimeSpan.Zero;

    /// <summary>Stage work running at this moment, across all stages.</summary>
    public ConcurrencyProbe Working { get; } = new();

    /// <summary>Samples created and not yet written to the sink (as a row or a reject).</summary>
    public ConcurrencyProbe Alive { get; } = new();

    public TokenUsage SampleUsage { get; init; } = new(3, 5);

    public IReadOnlyList<StageBinding> Build() =>
    [
        StageBinding.Create(new DelegateStage<PromptRecord, Sample>(Sampling, SampleAsync), Parallelism),
        StageBinding.Create(new DelegateStage<Sample, ScoredSample>(Spans, (s, ct) => MapAsync(s, Spans, TestRows.Scored, ct)), Parallelism),
        StageBinding.Create(new DelegateStage<ScoredSample, PlannedSample>(Rewind, (s, ct) => MapAsync(s, Rewind, TestRows.Planned, ct)), Parallelism),
        StageBinding.Create(new DelegateStage<PlannedSample, FinishedSample>(Synthesis, (s, ct) => MapAsync(s, Synthesis, p => TestRows.Finished(p), ct)), Parallelism),
    ];

    /// <summary>Hook for the sink: a written row or sample reject ends a sample's life.</summary>
    public void Attach(RecordingSink sink) => sink.OnWrite = () =>
    {
        var last = sink.Written[^1];
        if (last is FinishedSample || last is RejectRecord { SampleIndex: >= 0 })
            Alive.Exit();
    };

    private async IAsyncEnumerable<Sample> SampleAsync(PromptRecord prompt, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        for (var i = 0; i < SamplesPerPrompt; i++)
        {
            await WorkAsync(new RowKey(prompt.Id, i), Sampling, cancellationToken);
            Alive.Enter();
            yield return TestRows.Sample(prompt, i, SampleUsage);
        }
    }

    private async IAsyncEnumerable<TOut> MapAsync<TIn, TOut>(TIn input, string stage, Func<TIn, TOut> map, [EnumeratorCancellation] CancellationToken cancellationToken)
        where TIn : IRowKeyed
    {
        await WorkAsync(input.Key, stage, cancellationToken);
        yield return map(input);
    }

    private async Task WorkAsync(RowKey key, string stage, CancellationToken cancellationToken)
    {
        Working.Enter();
        try
        {
            var delay = Delay(key, stage);
            if (delay > TimeSpan.Zero)
                await Task.Delay(delay, cancellationToken);
            else
                await Task.Yield();
            if (Failure(key, stage) is { } failure)
                throw failure;
        }
        finally
        {
            Working.Exit();
        }
    }
}
