using DataGen.Pipeline.Engine;
using DataGen.Stages;
using DataGen.Tests.Pipeline.Support;

namespace DataGen.Tests.Pipeline.Engine;

public sealed class RejectFactoryTests
{
    [Fact]
    public void A_reject_names_the_row_of_any_record_type()
    {
        var prompt = TestRows.Prompt(4);
        var planned = TestRows.Planned(TestRows.Scored(TestRows.Sample(prompt, 2)));

        var reject = RejectFactory.Create("rewind", planned, new RowRejectedException("no_boundary", "no clause boundary before the span"));

        Assert.Equal(("rewind", "no_boundary", "p0004", 2, "prompts.jsonl", 5L), (reject.Stage, reject.Reason, reject.PromptId, reject.SampleIndex, reject.Source, reject.Line));
    }

    [Theory]
    [InlineData("401 from server\nAuthorization: Bearer sk-abc.def", "401 from server")]
    [InlineData("request failed with Bearer abc123 header", "request failed with Bearer *** header")]
    [InlineData("key sk-live_12345 rejected", "key sk-*** rejected")]
    [InlineData("bad api_key=abcdef", "bad api_key=***")]
    public void Messages_are_one_line_and_mask_credentials(string message, string expected) =>
        Assert.Equal(expected, RejectFactory.OneLine(message));

    [Fact]
    public void A_timeout_that_is_not_the_runs_cancellation_is_a_timeout_reject()
    {
        var reject = RejectFactory.Create("sampling", TestRows.Prompt(0), new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout"));

        Assert.Equal(("timeout", -1), (reject.Reason, reject.SampleIndex));
    }
}
