using DataGen.Pipeline.Config;
using DataGen.Tests.Pipeline.Support;

namespace DataGen.Tests.Pipeline.Serve;

/// <summary>The serve: section is bound and validated like every other section: one error line per problem with file:line.</summary>
public sealed class ServeOptionsTests : IDisposable
{
    private readonly TempConfigFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private LoadedConfig Load(string serve) => new ConfigLoader(_ => null).Parse(TempConfigFolder.ValidYaml + "\n" + serve, "pipeline.yaml", _folder.Path);

    private IReadOnlyList<string> Errors(string serve) => Assert.Throws<ConfigException>(() => Load(serve)).Errors;

    [Fact]
    public void Serve_DefaultsAreLoopbackPort8787SkipAndNoSchedule()
    {
        var serve = Load("").Config.Serve;

        Assert.Null(serve.ParseSchedule());
        Assert.Equal(("skip", false, "127.0.0.1", 8787, true), (serve.Overlap, serve.RunOnStart, serve.Status.Bind, serve.Status.Port, serve.Status.Enabled));
        Assert.Equal(60, serve.ShutdownTimeoutSeconds);
    }

    [Fact]
    public void Serve_FiveFieldCronIsMinutesAndSixFieldCronHasSeconds()
    {
        var minutes = Load("serve:\n  schedule: \"30 2 * * *\"\n").Config.Serve.ParseSchedule()!;
        var seconds = Load("serve:\n  schedule: \"*/10 * * * * *\"\n").Config.Serve.ParseSchedule()!;
        var from = new DateTimeOffset(2025, 1, 1, 0, 0, 1, TimeSpan.Zero);

        Assert.Equal(new DateTimeOffset(2025, 1, 1, 2, 30, 0, TimeSpan.Zero), minutes.GetNextOccurrence(from, TimeZoneInfo.Utc));
        Assert.Equal(new DateTimeOffset(2025, 1, 1, 0, 0, 10, TimeSpan.Zero), seconds.GetNextOccurrence(from, TimeZoneInfo.Utc));
    }

    [Fact]
    public void Serve_TimeZoneShiftsTheSchedule()
    {
        var serve = Load("serve:\n  schedule: \"0 2 * * *\"\n  time_zone: Europe/Berlin\n").Config.Serve;
        var next = serve.ParseSchedule()!.GetNextOccurrence(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero), serve.Zone);

        // 02:00 in Berlin in winter is 01:00 UTC.
        Assert.Equal(new DateTimeOffset(2025, 1, 1, 1, 0, 0, TimeSpan.Zero), next!.Value.ToUniversalTime());
    }

    [Theory]
    [InlineData("serve:\n  schedule: \"every night\"\n", "serve.schedule: 'every night' is not a cron expression")]
    [InlineData("serve:\n  time_zone: Mars/Olympus\n", "serve.time_zone: unknown time zone 'Mars/Olympus'")]
    [InlineData("serve:\n  overlap: parallel\n", "serve.overlap: must be skip or queue")]
    [InlineData("serve:\n  status:\n    bind: 0.0.0.0\n", "serve.status.bind: '0.0.0.0' is not a loopback address")]
    [InlineData("serve:\n  status:\n    bind: localhost\n", "serve.status.bind: 'localhost' is not an IP address")]
    [InlineData("serve:\n  status:\n    port: 70000\n", "serve.status.port: must be between 0 and 65535")]
    [InlineData("serve:\n  shedule: \"* * * * *\"\n", "unknown key 'serve.shedule'; did you mean 'schedule'?")]
    public void Serve_BadValueIsOneErrorNamingTheKeyAndLine(string serve, string expected)
    {
        var error = Assert.Single(Errors(serve));

        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Matches(@"^pipeline\.yaml:\d+:\d+: ", error);
    }

    [Fact]
    public void Serve_NonLoopbackBindIsAllowedOnlyWithAllowRemote()
    {
        var serve = Load("serve:\n  status:\n    bind: 0.0.0.0\n    allow_remote: true\n").Config.Serve;

        Assert.Equal("0.0.0.0", serve.Status.Bind);
        Assert.True(serve.Status.AllowRemote);
    }
}
