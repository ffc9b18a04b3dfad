using DataGen.Schemas;
using DataGen.Stages;
using DataGen.Stages.Spans;
using Microsoft.Extensions.Logging.Abstractions;

namespace DataGen.Tests.Stages.Spans;

public sealed class SpanLocatorStageTests
{
    private static Sample SampleWith(string response)
        => new(new PromptRecord("p1", [new ChatTurn(ChatTurn.User, "hi")], "test", 1, 0), 0, response, "b", "m", 1, TokenUsage.Zero, "stop");

    [Fact]
    public async Task ScoresTheResponse_YieldsOneScoredSampleWithItsSpans()
    {
        await using var classifier = SpanClassifierFactory.Create(new ClassifierOptions { Model = ClassifierFixtures.Bytes, Device = "cpu" }, "/", NullLoggerFactory.Instance);
        var stage = new SpanLocatorStage(classifier);
        var outputs = new List<ScoredSample>();
        await foreach (var o in stage.ProcessAsync(SampleWith("fine, then XXX."), TestContext.Current.CancellationToken))
            outputs.Add(o);
        var scored = Assert.Single(outputs);
        Assert.Equal("spans", stage.Name);
        Assert.True(scored.HasViolation);
        Assert.Equal((11, 14), (scored.Spans[0].Start, scored.Spans[0].End));
        Assert.Equal(0.99f, scored.MaxScore, 1e-4f);
    }

    [Fact]
    public async Task ClassifierFailure_RejectsTheRowWithAReason()
    {
        var classifier = SpanClassifierFactory.Create(new ClassifierOptions { Model = ClassifierFixtures.Bytes, Device = "cpu" }, "/", NullLoggerFactory.Instance);
        await classifier.DisposeAsync();
        var stage = new SpanLocatorStage(classifier);
        var e = await Assert.ThrowsAsync<RowRejectedException>(async () =>
        {
            await foreach (var _ in stage.ProcessAsync(SampleWith("text"), TestContext.Current.CancellationToken))
            {
            }
        });
        Assert.Equal("classifier_failed", e.Reason);
        Assert.Contains("p1#0", e.Message);
    }
}
