using DataGen.Stages.Llm.Resilience;

namespace DataGen.Tests.Stages.Llm.Resilience;

public sealed class AdaptiveConcurrencyLimiterTests
{
    [Fact]
    public async Task Admits_up_to_the_limit_then_queues_in_order()
    {
        var limiter = new AdaptiveConcurrencyLimiter(1, 2);

        var first = limiter.WaitAsync(CancellationToken.None);
        var second = limiter.WaitAsync(CancellationToken.None);
        var third = limiter.WaitAsync(CancellationToken.None);
        var fourth = limiter.WaitAsync(CancellationToken.None);

        Assert.True(first.IsCompletedSuccessfully && second.IsCompletedSuccessfully);
        Assert.False(third.IsCompleted || fourth.IsCompleted);
        limiter.Release();
        await third.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        Assert.False(fourth.IsCompleted);
        Assert.Equal(2, limiter.InFlight);
    }

    [Fact]
    public async Task A_lowered_limit_admits_no_one_until_in_flight_drops_below_it()
    {
        var limiter = new AdaptiveConcurrencyLimiter(1, 4);
        for (var i = 0; i < 4; i++)
            Assert.True(limiter.WaitAsync(CancellationToken.None).IsCompletedSuccessfully);
        var waiting = limiter.WaitAsync(CancellationToken.None);

        Assert.True(limiter.OnOverload());
        Assert.Equal(2, limiter.CurrentLimit);
        limiter.Release();
        limiter.Release();
        Assert.False(waiting.IsCompleted);
        limiter.Release();

        await waiting.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        Assert.Equal(2, limiter.InFlight);
    }

    [Fact]
    public async Task A_raised_limit_admits_a_waiter_at_once()
    {
        var limiter = new AdaptiveConcurrencyLimiter(1, 2);
        await limiter.WaitAsync(CancellationToken.None);
        await limiter.WaitAsync(CancellationToken.None);
        limiter.OnOverload(); // limit 1, two in flight
        limiter.Release();
        var waiting = limiter.WaitAsync(CancellationToken.None);
        Assert.False(waiting.IsCompleted);

        limiter.OnSuccess(); // a window of one success at limit 1 raises it to 2

        await waiting.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        Assert.Equal(2, limiter.CurrentLimit);
    }

    [Fact]
    public async Task A_cancelled_waiter_leaves_the_queue_and_takes_no_slot()
    {
        var limiter = new AdaptiveConcurrencyLimiter(1, 1);
        await limiter.WaitAsync(CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var cancelled = limiter.WaitAsync(cancel.Token);
        var next = limiter.WaitAsync(CancellationToken.None);

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        limiter.Release();

        await next.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        Assert.Equal(1, limiter.InFlight);
    }
}
