using DataGen.Schemas;
using DataGen.Stages.Sampling;

namespace DataGen.Tests.Stages.Sampling;

public sealed class SampleFanOutTests
{
    [Fact]
    public async Task Prompt_BecomesNRequestsWithIndices0ToNMinus1()
    {
        var prompt = new PromptRecord("p1", [new ChatTurn(ChatTurn.User, "hi")], "demo.jsonl", 1, 0);

        var requests = await new SampleFanOut(3).ProcessAsync(prompt, TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken);

        Assert.Equal([0, 1, 2], requests.Select(r => r.SampleIndex));
        Assert.All(requests, r => Assert.Same(prompt, r.Prompt));
        Assert.Equal(new RowKey("p1", 2), requests[2].Key);
    }
}
