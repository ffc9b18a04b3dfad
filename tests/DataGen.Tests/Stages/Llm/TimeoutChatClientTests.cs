using DataGen.Stages.Llm;
using DataGen.Tests.Infrastructure;
using Microsoft.Extensions.AI;

namespace DataGen.Tests.Stages.Llm;

public sealed class TimeoutChatClientTests
{
    [Fact]
    public async Task SlowReply_TimeoutException_NamingTheLimit()
    {
        await using var server = FakeOpenAiServer.Start(_ => FakeReply.Text("late") with { Delay = TimeSpan.FromSeconds(5) });
        using var client = new TimeoutChatClient(TestBackends.OpenAi(server), TimeSpan.FromMilliseconds(200));

        var error = await Assert.ThrowsAsync<TimeoutException>(() => client.GetResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains("0.2 s", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CallerCancellation_StaysOperationCanceled()
    {
        await using var server = FakeOpenAiServer.Start(_ => FakeReply.Text("late") with { Delay = TimeSpan.FromSeconds(5) });
        using var client = new TimeoutChatClient(TestBackends.OpenAi(server), TimeSpan.FromSeconds(30));
        using var caller = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        caller.CancelAfter(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetResponseAsync("hi", cancellationToken: caller.Token));
    }

    [Fact]
    public async Task SlowStream_TimeoutException()
    {
        await using var server = FakeOpenAiServer.Start(_ => FakeReply.Text("late") with { Delay = TimeSpan.FromSeconds(5) });
        using var client = new TimeoutChatClient(TestBackends.OpenAi(server), TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAsync<TimeoutException>(async () =>
            await client.GetStreamingResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken).ToChatResponseAsync(TestContext.Current.CancellationToken));
    }
}
