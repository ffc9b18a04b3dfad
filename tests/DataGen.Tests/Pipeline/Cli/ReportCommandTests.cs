using System.CommandLine;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using DataGen.Pipeline.Cli;
using DataGen.Tests.Pipeline.Inspect;

namespace DataGen.Tests.Pipeline.Cli;

public sealed class ReportCommandTests : IAsyncLifetime
{
    private InspectRun _run = null!;

    public async ValueTask InitializeAsync() => _run = await InspectRun.CreateAsync(extra: 6);

    public ValueTask DisposeAsync()
    {
        _run.Dispose();
        return ValueTask.CompletedTask;
    }

    internal static async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        var root = new RootCommand { ReportCommand.Create() };
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await root.Parse(["report", .. args]).InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, TestContext.Current.CancellationToken);
        return (exit, output.ToString(), error.ToString());
    }

    private async Task<string> ReportAsync()
    {
        var path = Path.Combine(_run.Path, "report.html");
        var (exit, stdout, stderr) = await RunAsync(_run.Path, "-o", path);
        Assert.True(exit == 0, stderr);
        Assert.Contains("report.html", stdout);
        Assert.Empty(Directory.GetFiles(_run.Path, "report.html.tmp-*"));
        return await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Report_IsSelfContained_WithACspThatForbidsExternalLoads()
    {
        var html = await ReportAsync();

        Assert.Matches("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';", html);
        Assert.DoesNotMatch(new Regex("(src|href)\\s*=\\s*\"?(https?:)?//", RegexOptions.IgnoreCase), html);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(2, Regex.Count(html, "<script", RegexOptions.IgnoreCase));
    }

    [Fact]
    public async Task Csp_ScriptAndStyleHashes_MatchTheInlineBlocks()
    {
        var html = await ReportAsync();

        var script = Regex.Match(html, "<script>(.*?)</script>", RegexOptions.Singleline).Groups[1].Value;
        var style = Regex.Match(html, "<style>(.*?)</style>", RegexOptions.Singleline).Groups[1].Value;
        Assert.Contains($"script-src 'sha256-{Sha256(script)}'", html);
        Assert.Contains($"style-src 'sha256-{Sha256(style)}'", html);
    }

    [Fact]
    public async Task HostileText_NeverAppearsAsMarkup_AndRoundTripsThroughTheDataBlock()
    {
        var html = await ReportAsync();

        Assert.DoesNotContain("window.__pwned", html.Replace(ExtractData(html), "", StringComparison.Ordinal), StringComparison.Ordinal);
        var data = ExtractData(html);
        Assert.DoesNotContain('<', data);
        Assert.DoesNotContain('>', data);
        Assert.DoesNotContain("onerror=\"", data, StringComparison.Ordinal);
        var document = JsonDocument.Parse(data).RootElement;
        var strings = Strings(document).ToHashSet();
        Assert.Contains(InspectRun.HostilePrompt, strings);
        Assert.Contains(InspectRun.HostileContinuation, strings);
        Assert.Contains("BADWORD", strings);
    }

    [Fact]
    public async Task Report_EmbedsSummaryValidationAndExamplesPerOutput()
    {
        var data = JsonDocument.Parse(ExtractData(await ReportAsync())).RootElement;

        Assert.Equal(_run.Samples.Count, data.GetProperty("summary").GetProperty("samples").GetInt64());
        Assert.True(data.GetProperty("validation").GetProperty("ok").GetBoolean());
        var outputs = data.GetProperty("examples").EnumerateArray().Select(e => e.GetProperty("output").GetString()).Distinct().ToList();
        Assert.Equal(["samples", "sft", "dpo", "rejects"], outputs);
    }

    [Fact]
    public async Task ValidateFalse_AndWhere_LimitWhatTheReportHolds()
    {
        var path = Path.Combine(_run.Path, "recover.html");
        var (exit, _, stderr) = await RunAsync(_run.Path, "-o", path, "--validate", "false", "--where", "kind=recover", "--examples", "2");
        Assert.True(exit == 0, stderr);

        var data = JsonDocument.Parse(ExtractData(await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken))).RootElement;
        Assert.False(data.TryGetProperty("validation", out _));
        var examples = data.GetProperty("examples").EnumerateArray().ToList();
        Assert.Equal(2, examples.Count);
        Assert.All(examples, e => Assert.Equal("recover", e.GetProperty("kind").GetString()));
    }

    [Fact]
    public async Task MissingOutputFolder_ExitsTwo()
    {
        var (exit, _, stderr) = await RunAsync(_run.Path, "-o", Path.Combine(_run.Path, "no", "such", "r.html"));

        Assert.Equal(2, exit);
        Assert.Contains("does not exist", stderr);
    }

    internal static string ExtractData(string html) =>
        Regex.Match(html, "<script type=\"application/json\" id=\"report-data\">(.*?)</script>", RegexOptions.Singleline).Groups[1].Value;

    private static IEnumerable<string> Strings(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => [element.GetString()!],
        JsonValueKind.Array => element.EnumerateArray().SelectMany(Strings),
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => Strings(p.Value)),
        _ => [],
    };

    private static string Sha256(string text) => Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
