using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace DataGen.Pipeline.Cli;

/// <summary>Console logging to stderr (stdout stays free for the live display and command output).</summary>
internal static class ConsoleLogging
{
    public static ILoggerFactory Create(LogLevel minimum = LogLevel.Information) => LoggerFactory.Create(builder => Configure(builder, minimum));

    /// <summary>The same setup on a host's logging builder (`serve`).</summary>
    public static ILoggingBuilder Configure(ILoggingBuilder builder, LogLevel minimum) => builder
        .SetMinimumLevel(minimum)
        .AddConsole(options => options.LogToStandardErrorThreshold = LogLevel.Trace)
        .AddSimpleConsole(options =>
        {
            options.SingleLine = true;
            options.TimestampFormat = "HH:mm:ss ";
            options.UseUtcTimestamp = true;
        });
}
