using DataGen.Stages.Llm.Resilience;

namespace DataGen.Tests.Stages.Llm.Resilience;

public sealed class AimdControllerTests
{
    private static AimdController Admitted(int min, int max, int admissions)
    {
        var controller = new AimdController(min, max);
        for (var i = 0; i < admissions; i++)
            controller.OnAdmitted();
        return controller;
    }

    [Fact]
    public void Limit_starts_at_max_and_does_not_grow_past_it()
    {
        var controller = new AimdController(1, 8);

        for (var i = 0; i < 100; i++)
            Assert.False(controller.OnSuccess());

        Assert.Equal(8, controller.Current);
        Assert.Equal(0, controller.Increases);
    }

    [Fact]
    public void Overload_halves_the_limit_but_not_below_min()
    {
        var controller = Admitted(3, 16, 16);

        Assert.True(controller.OnOverload());
        Assert.Equal(8, controller.Current);
        for (var i = 0; i < 8; i++)
            controller.OnAdmitted();
        Assert.True(controller.OnOverload());
        Assert.Equal(4, controller.Current);
        for (var i = 0; i < 4; i++)
            controller.OnAdmitted();
        Assert.True(controller.OnOverload());
        Assert.Equal(3, controller.Current);
        for (var i = 0; i < 3; i++)
            controller.OnAdmitted();
        Assert.False(controller.OnOverload());
        Assert.Equal((3, 3), (controller.Current, controller.Lowest));
    }

    [Fact]
    public void Overloads_from_requests_sent_before_a_decrease_do_not_halve_again()
    {
        var controller = Admitted(1, 16, 16);

        Assert.True(controller.OnOverload());
        // The other 15 requests in flight were admitted under the old limit; their 429s are the same event.
        for (var i = 0; i < 15; i++)
            Assert.False(controller.OnOverload());
        Assert.Equal(8, controller.Current);

        for (var i = 0; i < 7; i++)
            controller.OnAdmitted();
        Assert.False(controller.OnOverload());
        controller.OnAdmitted();
        Assert.True(controller.OnOverload());
        Assert.Equal(4, controller.Current);
        Assert.Equal(2, controller.Decreases);
    }

    [Fact]
    public void Limit_grows_by_one_after_a_window_of_successes_as_long_as_the_limit()
    {
        var controller = Admitted(1, 8, 8);
        controller.OnOverload();
        Assert.Equal(4, controller.Current);

        var grew = Enumerable.Range(0, 4).Select(_ => controller.OnSuccess()).ToList();
        Assert.Equal([false, false, false, true], grew);
        Assert.Equal(5, controller.Current);

        for (var i = 0; i < 4; i++)
            Assert.False(controller.OnSuccess());
        Assert.True(controller.OnSuccess());
        Assert.Equal(6, controller.Current);
        Assert.Equal(4, controller.Lowest);
    }

    [Fact]
    public void An_overload_resets_the_success_window()
    {
        var controller = Admitted(1, 8, 8);
        controller.OnOverload();
        controller.OnSuccess();
        controller.OnSuccess();
        controller.OnSuccess();

        Assert.False(controller.OnOverload()); // within the same window: no second halving, but the streak is broken
        Assert.False(controller.OnSuccess());
        Assert.Equal(4, controller.Current);
    }

    [Fact]
    public void Equal_min_and_max_is_a_fixed_limit()
    {
        var controller = Admitted(4, 4, 100);

        Assert.False(controller.OnOverload());
        Assert.False(controller.OnSuccess());
        Assert.Equal(4, controller.Current);
    }
}
