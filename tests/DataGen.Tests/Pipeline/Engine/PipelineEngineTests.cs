using DataGen.Pipeline;
using DataGen.Pipeline.Engine;
using DataGen.Schemas;
using DataGen.Stages;
using DataGen.Tests.Pipeline.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace DataGen.Tests.Pipeline.Engine;

public sealed class PipelineEngineTests
{
    private static readonly FailureRatePolicy Lenient = new(0.99, 1_000_000);

    private static async Task<(EngineResult Result, RunCounters Counters)> RunAsync(
        TestChain chain, IPromptFeed feed, RecordingSink sink, EngineOptions options, CancellationToken cancellationToken = default)
    {
        chain.Attach(sink);
        var stages = chain.Build();
        var counters = PipelineEngine.CreateCounters(stages, feed.TotalHint, options);
        var engine = new PipelineEngine(options, NullLogger<PipelineEngine>.Instance);
        var result = await engine.RunAsync(feed, stages, sink, counters, cancellationToken);
        return (result, counters);
    }

    [Fact]
    public async Task Row_failures_become_rejects_with_their_reason_and_the_run_goes_on()
    {
        var chain = new TestChain
        {
            SamplesPerPrompt = 2,
            Failure = (key, stage) => (key, stage) switch
            {
                ({ PromptId: "p0001", SampleIndex: 1 }, TestChain.Spans) => new RowRejectedException("too_long", "response longer than the window"),
                ({ PromptId: "p0003", SampleIndex: 0 }, TestChain.Synthesis) => new InvalidOperationException("boom\nsecond line with Bearer abc123"),
                _ => null,
            },
        };
        var sink = new RecordingSink();

        var (result, counters) = await RunAsync(chain, ListPromptFeed.Of(TestRows.Prompts(5)), sink,
            new EngineOptions { FailurePolicy = Lenient }, TestContext.Current.CancellationToken);

        Assert.Equal(RunStatus.Completed, result.Status);
        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.True(sink.Completed);
        Assert.Equal(8, sink.Rows.Count);
        Assert.Equal(2, sink.Rejects.Count);
        var tooLong = sink.Rejects[0];
        Assert.Equal(new RejectRecord(TestChain.Spans, "too_long", "response longer than the window", "p0001", 1, "prompts.jsonl", 2), tooLong);
        var unexpected = sink.Rejects[1];
        Assert.Equal((TestChain.Synthesis, "unexpected_error", "p0003", 0), (unexpected.Stage, unexpected.Reason, unexpected.PromptId, unexpected.SampleIndex));
        Assert.Equal("InvalidOperationException: boom", unexpected.Message);
        Assert.Equal(1, counters.Stages[1].Rejected);
        Assert.Equal(1, counters.Stages[3].Rejected);
        Assert.Equal(new Dictionary<string, long> { ["too_long"] = 1, ["unexpected_error"] = 1 }, counters.RejectsByReason);
    }

    [Fact]
    public async Task Failure_rate_above_the_limit_fails_the_run_and_does_not_complete_the_sink()
    {
        var chain = new TestChain { SamplesPerPrompt = 2, Failure = (key, stage) => stage == TestChain.Rewind && key.SampleIndex == 0 ? new RowRejectedException("no_boundary", "x") : null };
        var sink = new RecordingSink();
        var options = new EngineOptions { FailurePolicy = new FailureRatePolicy(0.4, 10) };

        var (result, counters) = await RunAsync(chain, ListPromptFeed.Of(TestRows.Prompts(50)), sink, options, TestContext.Current.CancellationToken);

        Assert.Equal(RunStatus.Failed, result.Status);
        Assert.Equal(ExitCodes.RunFailed, result.ExitCode);
        Assert.Contains("max_failure_rate", result.Error, StringComparison.Ordinal);
        Assert.False(sink.Completed);
        Assert.True(sink.Disposed);
        Assert.True(counters.RowsProcessed >= 10);
    }

    [Fact]
    public async Task Failure_rate_is_not_judged_before_the_minimum_number_of_rows()
    {
        var chain = new TestChain { SamplesPerPrompt = 2, Failure = (key, stage) => stage == TestChain.Rewind && key.SampleIndex == 0 ? new RowRejectedException("no_boundary", "x") : null };
        var sink = new RecordingSink();

        var (result, _) = await RunAsync(chain, ListPromptFeed.Of(TestRows.Prompts(5)), sink,
            new EngineOptions { FailurePolicy = new FailureRatePolicy(0.4, 20) }, TestContext.Current.CancellationToken);

        Assert.Equal(RunStatus.Completed, result.Status);
        Assert.Equal(5, sink.Rejects.Count);
    }

    [Fact]
    public async Task Output_order_is_deterministic_under_random_delays_and_parallelism()
    {
        // Failures at every stage, including the sampler failing after it already yielded one sample.
        static Exception? Failure(RowKey key, string stage)
        {
            var ordinal = int.Parse(key.PromptId[1..], System.Globalization.CultureInfo.InvariantCulture);
            return (ordinal % 7, key.SampleIndex, stage) switch
            {
                (1, 1, TestChain.Sampling) => new RowRejectedException("backend_error", "sampler"),
                (2, 2, TestChain.Spans) => new RowRejectedException("classifier_error", "spans"),
                (4, 0, TestChain.Rewind) => new RowRejectedException("no_boundary", "rewind"),
                (5, 1, TestChain.Synthesis) => new RowRejectedException("unverified", "synthesis"),
                _ => null,
            };
        }

        async Task<IReadOnlyList<string>> RunOnceAsync(int delaySeed, bool sequential)
        {
            var random = new Random(delaySeed);
            var gate = new object();
            var chain = new TestChain
            {
                SamplesPerPrompt = 3,
                Parallelism = 8,
                Failure = Failure,
                Delay = (_, _) => { lock (gate) return TimeSpan.FromMilliseconds(random.Next(0, 4)); },
            };
            var sink = new RecordingSink();
            var options = new EngineOptions { FailurePolicy = Lenient, ChannelCapacity = 4, ReorderWindow = 16, Sequential = sequential };
            var (result, _) = await RunAsync(chain, ListPromptFeed.Of(TestRows.Prompts(60)), sink, options, TestContext.Current.CancellationToken);
            Assert.Equal(RunStatus.Completed, result.Status);
            return sink.Trace;
        }

        var expected = new List<string>();
        for (var p = 0; p < 60; p++)
        {
            var id = $"p{p:D4}";
            for (var i = 0; i < 3; i++)
            {
                var failure = Failure(new RowKey(id, i), TestChain.Sampling);
                if (failure is not null)
                {
                    expected.Add($"{id}#-1!backend_error@sampling");
                    break;
                }
                var stage = new[] { TestChain.Spans, TestChain.Rewind, TestChain.Synthesis }.FirstOrDefault(s => Failure(new RowKey(id, i), s) is not null);
                expected.Add(stage is null ? $"{id}#{i}" : $"{id}#{i}!{((RowRejectedException)Failure(new RowKey(id, i), stage)!).Reason}@{stage}");
            }
        }

        Assert.Equal(expected, await RunOnceAsync(delaySeed: 1, sequential: false));
        Assert.Equal(expected, await RunOnceAsync(delaySeed: 2, sequential: false));
        Assert.Equal(expected, await RunOnceAsync(delaySeed: 3, sequential: true));
    }

    [Fact]
    public async Task Backpressure_bounds_the_rows_in_flight_behind_a_slow_sink()
    {
        const int window = 3;
        const int samples = 2;
        var chain = new TestChain { SamplesPerPrompt = samples, Parallelism = 4 };
        var sink = new RecordingSink(ct => Task.Delay(2, ct));
        var feed = ListPromptFeed.Of(TestRows.Prompts(40));
        var maxReadAhead = 0L;
        var options = new EngineOptions { FailurePolicy = Lenient, ChannelCapacity = 1, ReorderWindow = window };
        chain.Attach(sink);
        var attached = sink.OnWrite!;
        var stages = chain.Build();
        var counters = PipelineEngine.CreateCounters(stages, feed.TotalHint, options);
        sink.OnWrite = () =>
        {
            attached();
            maxReadAhead = Math.Max(maxReadAhead, feed.Read - counters.PromptsDone);
        };

        var result = await new PipelineEngine(options, NullLogger<PipelineEngine>.Instance)
            .RunAsync(feed, stages, sink, counters, TestContext.Current.CancellationToken);

        Assert.Equal(RunStatus.Completed, result.Status);
        Assert.Equal(80, sink.Rows.Count);
        // At most `window` prompts are admitted and not yet written; each holds at most `samples` live rows.
        Assert.InRange(chain.Alive.Max, 1, window * samples);
        // The feed is read at most one prompt ahead of the window.
        Assert.InRange(maxReadAhead, 1, window + 1);
    }

    [Fact]
    public async Task Cancellation_aborts_the_sink_and_reports_cancelled()
    {
        var chain = new TestChain { SamplesPerPrompt = 2, Delay = (_, _) => TimeSpan.FromMilliseconds(1) };
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var sink = new RecordingSink();
        chain.Attach(sink);
        var attached = sink.OnWrite!;
        sink.OnWrite = () =>
        {
            attached();
            if (sink.Written.Count == 25)
                cancel.Cancel();
        };
        var stages = chain.Build();
        var options = new EngineOptions { FailurePolicy = Lenient };
        var feed = ListPromptFeed.Endless();
        var counters = PipelineEngine.CreateCounters(stages, null, options);

        var result = await new PipelineEngine(options, NullLogger<PipelineEngine>.Instance).RunAsync(feed, stages, sink, counters, cancel.Token);

        Assert.Equal(RunStatus.Cancelled, result.Status);
        Assert.Equal(ExitCodes.Cancelled, result.ExitCode);
        Assert.False(sink.Completed);
        Assert.True(sink.Disposed);
        Assert.Null(result.Summary);
    }

    [Fact]
    public async Task Sequential_mode_processes_one_row_at_a_time()
    {
        var parallel = new TestChain { SamplesPerPrompt = 3, Parallelism = 4, Delay = (_, _) => TimeSpan.FromMilliseconds(2) };
        await RunAsync(parallel, ListPromptFeed.Of(TestRows.Prompts(10)), new RecordingSink(), new EngineOptions { FailurePolicy = Lenient }, TestContext.Current.CancellationToken);
        var sequential = new TestChain { SamplesPerPrompt = 3, Parallelism = 4, Delay = (_, _) => TimeSpan.FromMilliseconds(2) };
        var sink = new RecordingSink();

        var (result, counters) = await RunAsync(sequential, ListPromptFeed.Of(TestRows.Prompts(10)), sink,
            new EngineOptions { FailurePolicy = Lenient, Sequential = true }, TestContext.Current.CancellationToken);

        Assert.Equal(RunStatus.Completed, result.Status);
        Assert.Equal(30, sink.Rows.Count);
        Assert.True(parallel.Working.Max > 1, "the probe sees concurrent work in a parallel run");
        Assert.Equal(1, sequential.Working.Max);
        Assert.Equal(1, sequential.Alive.Max);
        Assert.All(counters.Stages, s => Assert.Equal(1, s.DegreeOfParallelism));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Limit_reads_at_most_that_many_prompts(bool sequential)
    {
        var feed = ListPromptFeed.Of(TestRows.Prompts(20));
        var sink = new RecordingSink();

        var (result, counters) = await RunAsync(new TestChain { SamplesPerPrompt = 2 }, feed, sink,
            new EngineOptions { FailurePolicy = Lenient, Limit = 7, Sequential = sequential }, TestContext.Current.CancellationToken);

        Assert.Equal(RunStatus.Completed, result.Status);
        Assert.Equal(7, counters.Feed.In);
        Assert.Equal(14, sink.Rows.Count);
        Assert.Equal(7, counters.PromptTotal);
    }

    [Fact]
    public async Task Feed_rejects_reach_the_sink_in_input_order()
    {
        var prompts = TestRows.Prompts(4);
        var badLine = new RejectRecord(RunCounters.FeedStageName, "bad_json", "line 3: unexpected end", "", -1, "prompts.jsonl", 3);
        var feed = new ListPromptFeed([PromptFeedItem.Of(prompts[0]), PromptFeedItem.Of(prompts[1]), PromptFeedItem.Rejected(badLine), PromptFeedItem.Of(prompts[3])]);
        var sink = new RecordingSink();

        var (result, counters) = await RunAsync(new TestChain { SamplesPerPrompt = 1, Delay = (k, _) => TimeSpan.FromMilliseconds(k.PromptId == "p0000" ? 20 : 0) },
            feed, sink, new EngineOptions { FailurePolicy = Lenient }, TestContext.Current.CancellationToken);

        Assert.Equal(RunStatus.Completed, result.Status);
        Assert.Equal(["p0000#0", "p0001#0", "#-1!bad_json@prompts", "p0003#0"], sink.Trace);
        Assert.Equal(1, counters.Feed.Rejected);
    }

    [Fact]
    public async Task Token_usage_is_counted_per_stage_and_backend()
    {
        var sink = new RecordingSink();

        var (_, counters) = await RunAsync(new TestChain { SamplesPerPrompt = 2, SampleUsage = new TokenUsage(10, 4) },
            ListPromptFeed.Of(TestRows.Prompts(3)), sink, new EngineOptions { FailurePolicy = Lenient }, TestContext.Current.CancellationToken);

        var usage = Assert.Single(counters.Stages[0].UsageByBackend);
        Assert.Equal("test-backend", usage.Key);
        Assert.Equal(new TokenUsage(60, 24), usage.Value);
        Assert.Empty(counters.Stages[1].UsageByBackend);
        Assert.Equal((3, 6, 0), (counters.Stages[0].In, counters.Stages[0].Out, counters.Stages[0].Rejected));
    }

    [Fact]
    public async Task A_run_where_every_row_is_rejected_fails_even_below_the_minimum_rows()
    {
        var chain = new TestChain { SamplesPerPrompt = 1, Failure = (_, stage) => stage == TestChain.Spans ? new RowRejectedException("classifier_error", "x") : null };
        var sink = new RecordingSink();

        var (result, _) = await RunAsync(chain, ListPromptFeed.Of(TestRows.Prompts(3)), sink,
            new EngineOptions { FailurePolicy = new FailureRatePolicy(0.5, 20) }, TestContext.Current.CancellationToken);

        Assert.Equal(RunStatus.Failed, result.Status);
        Assert.False(sink.Completed);
    }
}
