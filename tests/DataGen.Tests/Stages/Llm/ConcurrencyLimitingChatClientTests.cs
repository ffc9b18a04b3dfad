using DataGen.Tests.Infrastructure;
using Microsoft.Extensions.AI;

namespace DataGen.Tests.Stages.Llm;

public sealed class ConcurrencyLimitingChatClientTests
{
    [Fact]
    public async Task InFlightRequestsAtServer_NeverExceedMaxConcurrency()
    {
        await using var server = FakeOpenAiServer.Start(_ => FakeReply.Text("ok") with { Delay = TimeSpan.FromMilliseconds(150) });
        var options = TestBackends.OpenAiOptions(server);
        options.MaxConcurrency = 2;
        using var client = new DataGen.Stages.Llm.ChatBackendRegistry().Create("limited", options, TestBackends.Context());

        var calls = Enumerable.Range(0, 8).Select(i => client.GetResponseAsync($"request {i}", cancellationToken: TestContext.Current.CancellationToken));
        await Task.WhenAll(calls);

        Assert.Equal(8, server.Requests.Count);
        Assert.Equal(2, server.MaxInFlight);
    }

    [Fact]
    public async Task WithoutLimit_SameLoadReachesServerConcurrently()
    {
        // Control for the test above: shows the server does observe parallel requests when nothing bounds them.
        await using var server = FakeOpenAiServer.Start(_ => FakeReply.Text("ok") with { Delay = TimeSpan.FromMilliseconds(300) });
        var options = TestBackends.OpenAiOptions(server);
        options.MaxConcurrency = 64;
        using var client = new DataGen.Stages.Llm.ChatBackendRegistry().Create("open", options, TestBackends.Context());

        await Task.WhenAll(Enumerable.Range(0, 6).Select(i => client.GetResponseAsync($"request {i}", cancellationToken: TestContext.Current.CancellationToken)));

        Assert.True(server.MaxInFlight > 2, $"max in flight {server.MaxInFlight}");
    }
}
