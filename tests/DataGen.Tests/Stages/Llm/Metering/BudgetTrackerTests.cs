using DataGen.Schemas;
using DataGen.Stages.Llm.Metering;

namespace DataGen.Tests.Stages.Llm.Metering;

public sealed class BudgetTrackerTests
{
    private static BudgetOptions Prices(double? maxCost = null, long? maxTokens = null) => new()
    {
        Prices = new(StringComparer.Ordinal)
        {
            ["cheap"] = new PriceOptions { InputPerMillion = 0.15, OutputPerMillion = 0.60 },
            ["dear"] = new PriceOptions { InputPerMillion = 3, OutputPerMillion = 15 },
        },
        MaxCost = maxCost,
        MaxTokens = maxTokens,
    };

    [Fact]
    public void Cost_is_tokens_times_price_per_million_and_free_without_a_price()
    {
        var tracker = new BudgetTracker(Prices());

        tracker.Record("cheap", new TokenUsage(1_000_000, 2_000_000));
        tracker.Record("dear", new TokenUsage(1000, 100));
        tracker.Record("local", new TokenUsage(5000, 5000));

        Assert.Equal(0.15 + 1.20, tracker.CostByBackend["cheap"], 9);
        Assert.Equal(0.003 + 0.0015, tracker.CostByBackend["dear"], 9);
        Assert.False(tracker.CostByBackend.ContainsKey("local"));
        Assert.Equal(1.3545, tracker.SpentCost, 9);
        Assert.Equal(3_011_100, tracker.SpentTokens);
        Assert.False(tracker.IsExhausted);
    }

    [Fact]
    public void Reaching_max_cost_trips_once_and_runs_each_callback_once()
    {
        var tracker = new BudgetTracker(Prices(maxCost: 0.01));
        var calls = 0;
        tracker.OnExhausted(() => calls++);

        tracker.Record("dear", new TokenUsage(1000, 300)); // 0.003 + 0.0045
        Assert.False(tracker.IsExhausted);
        tracker.Record("dear", new TokenUsage(1000, 0)); // total 0.0105
        tracker.Record("dear", new TokenUsage(1000, 0));

        Assert.True(tracker.IsExhausted);
        Assert.Equal("budget.max_cost", tracker.ExhaustedCap);
        Assert.Equal(1, calls);
    }

    [Fact]
    public void Spend_carried_over_from_earlier_sessions_counts_towards_the_caps()
    {
        var tracker = new BudgetTracker(Prices(maxCost: 0.01, maxTokens: 10_000));

        tracker.CarryOver(0.006, 2000);
        Assert.False(tracker.IsExhausted);
        tracker.Record("dear", new TokenUsage(1000, 100)); // + 0.0045

        Assert.True(tracker.IsExhausted);
        Assert.Equal("budget.max_cost", tracker.ExhaustedCap);
        Assert.Equal(0.0105, tracker.SpentCost, 9);
        Assert.Equal(3100, tracker.SpentTokens);
    }

    [Fact]
    public void A_carry_over_that_alone_reaches_a_cap_trips_at_once()
    {
        var tracker = new BudgetTracker(Prices(maxTokens: 1000));
        var calls = 0;
        tracker.OnExhausted(() => calls++);

        tracker.CarryOver(0, 1000);

        Assert.True(tracker.IsExhausted);
        Assert.Equal(1, calls);
    }

    [Fact]
    public void Reaching_max_tokens_trips_and_a_late_callback_runs_at_once()
    {
        var tracker = new BudgetTracker(new BudgetOptions { MaxTokens = 100 });

        tracker.Record("local", new TokenUsage(60, 39));
        Assert.False(tracker.IsExhausted);
        tracker.Record("local", new TokenUsage(0, 1));
        var called = false;
        tracker.OnExhausted(() => called = true);

        Assert.True(called);
        Assert.Equal("budget.max_tokens", tracker.ExhaustedCap);
    }

    [Fact]
    public void The_message_names_the_cap_the_spend_and_how_to_resume()
    {
        var tracker = new BudgetTracker(Prices(maxCost: 0.001));
        tracker.Record("cheap", new TokenUsage(10_000, 0));

        var message = tracker.Describe("/runs/r1");

        Assert.Contains("budget.max_cost 0.001 USD reached", message, StringComparison.Ordinal);
        Assert.Contains("spent 0.0015 USD and 10000 tokens", message, StringComparison.Ordinal);
        Assert.Contains("datagen build --resume /runs/r1", message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', message);
    }

    [Fact]
    public void Records_from_many_threads_are_all_counted()
    {
        var tracker = new BudgetTracker(new BudgetOptions());

        Parallel.For(0, 1000, _ => tracker.Record("local", new TokenUsage(2, 3)));

        Assert.Equal(5000, tracker.SpentTokens);
    }
}
