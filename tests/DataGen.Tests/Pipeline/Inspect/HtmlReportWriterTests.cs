using System.Text.Json;
using DataGen.Pipeline.Inspect;

namespace DataGen.Tests.Pipeline.Inspect;

public sealed class HtmlReportWriterTests
{
    private static InspectDocument DocumentWith(string text)
    {
        var summary = new InspectSummary(text, [], new Dictionary<string, long>(), new Dictionary<string, long>(), new Dictionary<string, long>(), 0, 0, null, 0,
            [new SourceShare(text, 1, 1)], [], new Dictionary<string, long> { [text] = 1 }, new TokenTotals(0, 0));
        var example = new ExampleView("samples", text, text, [new MessageView("user", text)], [new TextSegment(SegmentRole.Toxic, text)], text, text,
            new Dictionary<string, string> { ["source"] = text });
        return new InspectDocument(summary, null, [example]);
    }

    [Theory]
    [InlineData("</script><script>window.__pwned=1</script>")]
    [InlineData("</SCRIPT ><!-- <script>")]
    [InlineData("<img src=x onerror=\"window.__pwned=1\"> & 'q' \"dq\"")]
    [InlineData("line\u2028sep\u2029para 🙂 ü")]
    public void EmbeddedJson_HasNoCharacterThatCouldEndTheScriptElement_AndRoundTrips(string hostile)
    {
        var json = HtmlReportWriter.EmbeddedJson(DocumentWith(hostile));

        Assert.DoesNotContain('<', json);
        Assert.DoesNotContain('>', json);
        Assert.DoesNotContain('\u2028', json);
        var root = JsonDocument.Parse(json).RootElement;
        Assert.Equal(hostile, root.GetProperty("summary").GetProperty("input").GetString());
        Assert.Equal(hostile, root.GetProperty("examples")[0].GetProperty("prompt")[0].GetProperty("content").GetString());
        Assert.Equal(hostile, root.GetProperty("examples")[0].GetProperty("segments")[0].GetProperty("text").GetString());
    }

    [Fact]
    public void Render_PutsHostileTextOnlyInsideTheDataBlock()
    {
        const string hostile = "</script><img src=x onerror=alert(1)>";
        var html = HtmlReportWriter.Render(DocumentWith(hostile));

        Assert.DoesNotContain(hostile, html, StringComparison.Ordinal);
        Assert.DoesNotContain("onerror=alert", html.Replace(HtmlReportWriter.EmbeddedJson(DocumentWith(hostile)), "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Count(html, "</script>", System.Text.RegularExpressions.RegexOptions.IgnoreCase)); // the data block and the report script only
    }
}
