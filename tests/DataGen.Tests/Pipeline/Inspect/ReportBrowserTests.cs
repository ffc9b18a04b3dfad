using System.CommandLine;
using DataGen.Pipeline.Cli;
using Microsoft.Playwright;

namespace DataGen.Tests.Pipeline.Inspect;

/// <summary>Opens the HTML report in Debian's headless chromium (installed by scripts/install-deps.sh) through Playwright.</summary>
public sealed class ReportBrowserTests : IAsyncLifetime
{
    private const string Chromium = "/usr/bin/chromium";
    private InspectRun _run = null!;
    private string _profile = null!;

    public async ValueTask InitializeAsync()
    {
        _run = await InspectRun.CreateAsync(extra: 24);
        _profile = Directory.CreateTempSubdirectory("datagen-chromium-").FullName;
    }

    public ValueTask DisposeAsync()
    {
        _run.Dispose();
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
        }
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Report_LoadsWithoutErrors_DrawsCharts_OpensExamples_AndRunsNoDataScript()
    {
        Assert.SkipUnless(File.Exists(Chromium), $"{Chromium} is not installed; run scripts/install-deps.sh (Debian package chromium) to run the browser test");
        var ct = TestContext.Current.CancellationToken;
        var report = Path.Combine(_run.Path, "report.html");
        var exit = await new RootCommand { ReportCommand.Create() }.Parse(["report", _run.Path, "-o", report])
            .InvokeAsync(new InvocationConfiguration { Output = TextWriter.Null, Error = TextWriter.Null }, ct);
        Assert.Equal(0, exit);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchPersistentContextAsync(_profile, new BrowserTypeLaunchPersistentContextOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        var page = browser.Pages.Count > 0 ? browser.Pages[0] : await browser.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
                errors.Add($"console {message.Type}: {message.Text}");
        };
        page.PageError += (_, error) => errors.Add($"page error: {error}");
        var requests = new List<string>();
        page.Request += (_, request) => requests.Add(request.Url);

        await page.GotoAsync(new Uri(report).AbsoluteUri, new PageGotoOptions { WaitUntil = WaitUntilState.Load });
        await page.WaitForSelectorAsync("body[data-ready='true']", new PageWaitForSelectorOptions { Timeout = 10_000 });

        var bars = page.Locator("#charts svg rect.bar");
        Assert.True(await bars.CountAsync() > 0, "no chart bars drawn");
        var chart = await page.Locator("#charts svg").First.BoundingBoxAsync();
        Assert.True(chart is { Width: > 0, Height: > 0 }, "chart has no size");
        Assert.True(await page.Locator("#charts svg rect.bar.toxic").CountAsync() > 0, "no toxic-share-by-source bars");
        var widest = await bars.EvaluateAllAsync<double>("rs => Math.max(...rs.map(r => r.getBoundingClientRect().width))");
        Assert.True(widest > 0, "all chart bars have zero width");

        var example = page.Locator("details.example[data-output='samples']").Filter(new LocatorFilterOptions { HasText = InspectRun.HostileId });
        await example.Locator("summary").ClickAsync();
        Assert.True(await example.EvaluateAsync<bool>("d => d.open"));
        var toxic = example.Locator(".seg-toxic");
        await toxic.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible, Timeout = 5_000 });
        Assert.Equal("BADWORD", await toxic.InnerTextAsync());
        Assert.Equal(1, await example.Locator(".seg-rewind").CountAsync());
        Assert.Contains(InspectRun.HostilePrompt, await example.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator("#example-list img, #example-list script").CountAsync());

        var pair = page.Locator("details.example[data-output='dpo']").Filter(new LocatorFilterOptions { HasText = InspectRun.HostileId }).First;
        await pair.Locator("summary").ClickAsync();
        Assert.Contains("</script><img src=y onerror=window.__pwned=3>", await pair.Locator(".pair .chosen").InnerTextAsync(), StringComparison.Ordinal);

        Assert.True(await page.EvaluateAsync<bool>("() => typeof window.__pwned === 'undefined'"), "a script from the data ran");
        Assert.Empty(errors);
        Assert.All(requests, url => Assert.StartsWith("file://", url, StringComparison.Ordinal));

        // Kept as test artifacts: the whole page, and the first screen (docs/report-screenshot.png is a copy of it).
        var screenshots = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots")).FullName;
        var full = Path.Combine(screenshots, "report-full.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = full, FullPage = true });
        await page.EvaluateAsync("() => window.scrollTo(0, 0)");
        var top = Path.Combine(screenshots, "report-screenshot.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = top });
        foreach (var shot in new[] { full, top })
        {
            Assert.True(new FileInfo(shot).Length > 10_000, $"{shot} is empty");
            TestContext.Current.AddAttachment(Path.GetFileName(shot), await File.ReadAllBytesAsync(shot, ct), "image/png");
        }
    }
}
