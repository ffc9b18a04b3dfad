using Cronos;
using DataGen.Stages;

namespace DataGen.Pipeline.Serve;

/// <summary>pipeline.yaml `serve:` section: when `datagen serve` starts runs and how operators watch it.</summary>
public sealed class ServeOptions : IValidatedOptions
{
    public const string OverlapSkip = "skip";
    public const string OverlapQueue = "queue";

    /// <summary>Cron expression (5 fields, or 6 with seconds first), e.g. "0 2 * * *" for 02:00 every day.</summary>
    public string? Schedule { get; set; }

    /// <summary>Time zone the schedule is read in (IANA id such as Europe/Berlin); UTC by default.</summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>What a tick does while a run is active: skip it, or queue one run to start when the active one ends.</summary>
    public string Overlap { get; set; } = OverlapSkip;

    /// <summary>Start a run as soon as the service starts, without waiting for the first tick.</summary>
    public bool RunOnStart { get; set; }

    /// <summary>How long a stop (SIGTERM) waits for the active run to wind down before the host gives up.</summary>
    public int ShutdownTimeoutSeconds { get; set; } = 60;

    public ServeStatusOptions Status { get; set; } = new();

    public IEnumerable<string> Validate(string keyPath)
    {
        if (Schedule is { Length: > 0 } && TryParse(Schedule, out var problem) is null)
            yield return $"{keyPath}.schedule: '{Schedule}' is not a cron expression ({problem}); use 5 fields 'min hour day month weekday' or 6 with seconds first, e.g. '0 2 * * *'";
        if (FindTimeZone(TimeZone) is null)
            yield return $"{keyPath}.time_zone: unknown time zone '{TimeZone}'; use UTC or an IANA id such as Europe/Berlin";
        if (Overlap is not (OverlapSkip or OverlapQueue))
            yield return $"{keyPath}.overlap: must be skip or queue (got '{Overlap}')";
        if (ShutdownTimeoutSeconds is < 1 or > 3600)
            yield return $"{keyPath}.shutdown_timeout_seconds: must be between 1 and 3600 (got {ShutdownTimeoutSeconds})";
        foreach (var error in Status.Validate($"{keyPath}.status"))
            yield return error;
    }

    /// <summary>The parsed schedule, or null when none is set (valid after validation).</summary>
    public CronExpression? ParseSchedule() => Schedule is { Length: > 0 } text ? TryParse(text, out _) : null;

    public TimeZoneInfo Zone => FindTimeZone(TimeZone) ?? TimeZoneInfo.Utc;

    private static CronExpression? TryParse(string text, out string? problem)
    {
        problem = null;
        var fields = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
        try
        {
            return CronExpression.Parse(text, fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard);
        }
        catch (CronFormatException ex)
        {
            problem = ex.Message.TrimEnd('.');
            return null;
        }
    }

    private static TimeZoneInfo? FindTimeZone(string id)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException)
        {
            return null;
        }
    }
}
