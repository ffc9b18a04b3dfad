using System.Diagnostics;
using DataGen.Stages.Llm;
using DataGen.Stages.Llm.Resilience;
using DataGen.Tests.Infrastructure;
using Microsoft.Extensions.AI;

namespace DataGen.Tests.Stages.Llm.Resilience;

/// <summary>The real openai backend (registry, SDK, resilient HttpClient) against the fake server injecting faults.</summary>
public sealed class ResilientOpenAiBackendTests
{
    private static (IChatClient Client, BackendMeter Meter) Create(FakeOpenAiServer server, Action<BackendOptions>? configure = null)
    {
        var options = TestBackends.OpenAiOptions(server);
        options.Retry.MaxAttempts = 4;
        options.Retry.BaseDelaySeconds = 0.01;
        options.Retry.MaxDelaySeconds = 0.05;
        options.Retry.BreakerMinThroughput = 1000;
        configure?.Invoke(options);
        var meters = new BackendMeters();
        var client = new ChatBackendRegistry().Create("remote", options, TestBackends.Context() with { Meters = meters });
        return (client, meters.For("remote", options));
    }

    private static Task<ChatResponse> AskAsync(IChatClient client, string text = "hi") =>
        client.GetResponseAsync(text, cancellationToken: TestContext.Current.CancellationToken);

    public static TheoryData<string, string> Faults => new()
    {
        { "500", RetryCause.Status(500) },
        { "503", RetryCause.Status(503) },
        { "drop", RetryCause.Connection },
        { "malformed", RetryCause.MalformedJson },
        { "slow", RetryCause.Timeout },
    };

    private static FakeReply Fault(string kind) => kind switch
    {
        "500" => FakeReply.Status(500),
        "503" => FakeReply.Status(503),
        "drop" => FakeReply.DropConnection(),
        "malformed" => FakeReply.MalformedJson(),
        "slow" => FakeReply.Text("too late") with { Delay = TimeSpan.FromSeconds(3) },
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task A_transient_fault_is_retried_and_counted_by_cause(string kind, string cause)
    {
        await using var server = FakeOpenAiServer.Start(r => r.Index < 2 ? Fault(kind) : FakeReply.Text("fine answer"));
        var (client, meter) = Create(server, o => o.Retry.AttemptTimeoutSeconds = 0.5);
        using var _ = client;

        var response = await AskAsync(client);

        Assert.Equal("fine answer", response.Text);
        Assert.Equal(3, server.Requests.Count);
        Assert.Equal(new Dictionary<string, long> { [cause] = 2 }, meter.RetriesByCause);
        Assert.Equal((1, 3, 0), (meter.Requests, meter.Attempts, meter.Failures));
    }

    [Fact]
    public async Task The_sdk_does_not_retry_on_top_of_the_pipeline()
    {
        await using var server = FakeOpenAiServer.Start(_ => FakeReply.Status(500));
        var (client, meter) = Create(server, o => o.Retry.MaxAttempts = 3);
        using var _ = client;

        await Assert.ThrowsAnyAsync<Exception>(() => AskAsync(client));

        Assert.Equal(3, server.Requests.Count);
        Assert.Equal(2, meter.Retries);
        Assert.Equal(new Dictionary<string, long> { [RetryCause.Status(500)] = 1 }, meter.FailuresByCause);
    }

    [Fact]
    public async Task A_client_error_is_not_retried()
    {
        await using var server = FakeOpenAiServer.Start(_ => FakeReply.Status(400));
        var (client, meter) = Create(server);
        using var _ = client;

        await Assert.ThrowsAnyAsync<Exception>(() => AskAsync(client));

        Assert.Single(server.Requests);
        Assert.Equal((0, 1), (meter.Retries, meter.Failures));
    }

    [Fact]
    public async Task Max_retries_still_sets_the_attempts_when_retry_max_attempts_is_unset()
    {
        await using var server = FakeOpenAiServer.Start(_ => FakeReply.Status(502));
        var (client, _) = Create(server, o => { o.Retry.MaxAttempts = null; o.MaxRetries = 1; });
        using var __ = client;

        await Assert.ThrowsAnyAsync<Exception>(() => AskAsync(client));

        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task A_429_waits_at_least_its_retry_after_and_lowers_the_concurrency_limit()
    {
        await using var server = FakeOpenAiServer.Start(r => r.Index == 0 ? FakeReply.RateLimited(1) : FakeReply.Text("after the wait"));
        var (client, meter) = Create(server, o => o.MaxConcurrency = 8);
        using var _ = client;

        var response = await AskAsync(client);

        Assert.Equal("after the wait", response.Text);
        var requests = server.Requests;
        Assert.Equal(2, requests.Count);
        // Backoff alone would wait at most max_delay (0.05 s); the second try came no sooner than Retry-After: 1.
        var gap = Stopwatch.GetElapsedTime(requests[0].ReceivedTimestamp, requests[1].ReceivedTimestamp);
        Assert.True(gap >= TimeSpan.FromSeconds(0.95), $"retried after {gap.TotalSeconds:0.000} s, before Retry-After: 1");
        Assert.Equal((1, 1L), (meter.RateLimited, meter.RetriesByCause[RetryCause.Status(429)]));
        Assert.Equal(4, meter.Limiter.LowestLimit);
    }

    [Fact]
    public async Task Repeated_failures_open_the_circuit_breaker()
    {
        await using var server = FakeOpenAiServer.Start(_ => FakeReply.Status(500));
        var (client, meter) = Create(server, o =>
        {
            o.Retry.MaxAttempts = 1;
            o.Retry.BreakerMinThroughput = 2;
            o.Retry.BreakerFailureRatio = 1;
            o.Retry.BreakerBreakSeconds = 30;
        });
        using var _ = client;

        for (var i = 0; i < 4; i++)
            await Assert.ThrowsAnyAsync<Exception>(() => AskAsync(client));

        Assert.Equal(1, meter.BreakerOpens);
        Assert.Equal(2, server.Requests.Count); // once open, requests fail without reaching the server
        Assert.Equal(2, meter.FailuresByCause[RetryCause.BreakerOpen]);
    }

    [Fact]
    public async Task Usage_of_every_reply_is_metered()
    {
        await using var server = FakeOpenAiServer.Start(_ => FakeReply.Text("three word reply") with { PromptTokens = 11 });
        var (client, meter) = Create(server);
        using var _ = client;

        await AskAsync(client);
        await AskAsync(client);

        Assert.Equal((22L, 6L), (meter.Usage.InputTokens, meter.Usage.OutputTokens));
    }
}
