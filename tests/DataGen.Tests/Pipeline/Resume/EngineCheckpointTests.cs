using DataGen.Pipeline.Engine;
using DataGen.Stages.Emit;
using DataGen.Tests.Pipeline.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace DataGen.Tests.Pipeline.Resume;

/// <summary>What the engine hands a checkpointer: whole prompts only, in order, with counts per prompt, and a commit whenever the run stops early.</summary>
public sealed class EngineCheckpointTests
{
    private static readonly FailureRatePolicy Lenient = new(1.0, 1_000_000);

    private sealed class RecordingCheckpointer(RecordingSink sink) : IRunCheckpointer
    {
        public List<string> Stages { get; } = [];
        public List<PromptTally> Prompts { get; } = [];
        public List<int> RowsAtCommit { get; } = [];
        public bool Completed { get; private set; }

        public void Start(IReadOnlyList<string> stageNames) => Stages.AddRange(stageNames);

        public ValueTask PromptWrittenAsync(PromptTally tally, CancellationToken cancellationToken)
        {
            Prompts.Add(tally);
            return ValueTask.CompletedTask;
        }

        public ValueTask<DatasetSummary?> CommitAsync(CancellationToken cancellationToken)
        {
            RowsAtCommit.Add(sink.Written.Count);
            return ValueTask.FromResult<DatasetSummary?>(new DatasetSummary(new Dictionary<string, long>(), new Dictionary<string, long>(), []));
        }

        public ValueTask CompletedAsync(DatasetSummary summary, CancellationToken cancellationToken)
        {
            Completed = true;
            return ValueTask.CompletedTask;
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ACancelledRun_CommitsOnlyWholePrompts_EvenWhenCancellationCutsAPromptsLastSample(bool sequential)
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        // The last sample of every prompt is slow, so cancellation lands while it is in flight and its siblings are done.
        var chain = new TestChain { SamplesPerPrompt = 3, Parallelism = 4, Delay = (key, stage) => TimeSpan.FromMilliseconds(key.SampleIndex == 2 && stage == TestChain.Synthesis ? 30 : 1) };
        var sink = new RecordingSink();
        var writes = 0;
        sink.OnWrite = () =>
        {
            if (Interlocked.Increment(ref writes) == 10)
            {
                cancel.Cancel();
                // A slow write (a commit's fsync): the cancelled rows of later prompts finish meanwhile.
                Thread.Sleep(100);
            }
        };
        var checkpointer = new RecordingCheckpointer(sink);
        var options = new EngineOptions { FailurePolicy = Lenient, Sequential = sequential };
        var stages = chain.Build();
        var counters = PipelineEngine.CreateCounters(stages, null, options);

        var result = await new PipelineEngine(options, NullLogger<PipelineEngine>.Instance)
            .RunAsync(ListPromptFeed.Of(TestRows.Prompts(40)), stages, sink, counters, cancel.Token, checkpointer);

        Assert.Equal(RunStatus.Cancelled, result.Status);
        Assert.False(checkpointer.Completed);
        Assert.Equal(["prompts", .. stages.Select(s => s.Name)], checkpointer.Stages);
        if (!sequential)
        {
            // Everything the sink holds at the commit belongs to the whole prompts the checkpointer was told about.
            var commit = Assert.Single(checkpointer.RowsAtCommit);
            Assert.Equal(checkpointer.Prompts.Count * 3, commit);
        }
        else
        {
            Assert.Empty(checkpointer.RowsAtCommit); // stopped inside a prompt: the last periodic checkpoint stays
        }
        Assert.All(checkpointer.Prompts, p => Assert.Equal(3, p.RowsWritten));
        Assert.Equal(Enumerable.Range(0, checkpointer.Prompts.Count).Select(i => TestRows.Prompt(i).Id), checkpointer.Prompts.Select(p => p.PromptId));
        Assert.All(checkpointer.Prompts, p => Assert.Equal((1, 3, 3), (p.Stage(0).In, p.Stage(0).Out, p.Stage(3).Out)));
    }
}
