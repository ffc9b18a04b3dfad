using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace DataGen.Pipeline.Cli;

/// <summary>Console logging to stderr (stdout stays free for the live display and command output).</summary>
internal static class ConsoleLogging
{
    public static ILoggerFactory Create(LogLevel minimum = LogLevel.Information) => LoggerFactory.Create(builder => builder
        .SetMinimumLevel(minimum)
        .AddConsole(options => options.LogToStandardErrorThreshold = LogLevel.Trace)
        .AddSimpleConsole(options =>
        {
            options.SingleLine = true;
            options.TimestampFormat = "HH:mm:ss ";
            options.UseUtcTimestamp = true;
        }));
}
