using System.CommandLine;
using DataGen.Pipeline.Build;
using DataGen.Pipeline.Config;
using DataGen.Pipeline.Serve;
using DataGen.Pipeline.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;

namespace DataGen.Pipeline.Cli;

/// <summary>`datagen serve`: a long-running host that runs builds on a cron schedule, with a status endpoint and metrics.</summary>
internal static class ServeCommand
{
    public static Command Create(Func<IPipelineComposer> composerFactory)
    {
        var config = new Option<string>("--config", "-c") { Description = "Pipeline config file (its serve: section sets the schedule).", DefaultValueFactory = _ => "pipeline.yaml" };
        var once = new Option<bool>("--once") { Description = "Run one build now, then exit with its exit code (for testing a config under the service)." };
        var command = new Command("serve", $"Run builds on the serve.schedule cron schedule, one at a time, with GET /status and /health. SIGTERM stops gracefully (exit 0). {ExitCodes.HelpText}")
        {
            config, once,
        };
        command.SetAction((parse, _) => RunAsync(parse.GetValue(config)!, parse.GetValue(once), composerFactory));
        return command;
    }

    private static async Task<int> RunAsync(string configPath, bool once, Func<IPipelineComposer> composerFactory)
    {
        ServeOptions options;
        try
        {
            options = new ConfigLoader().Load(configPath).Config.Serve;
        }
        catch (ConfigException ex)
        {
            foreach (var error in ex.Errors)
                await Console.Error.WriteLineAsync($"error: {error}").ConfigureAwait(false);
            return ExitCodes.ConfigError;
        }
        if (!once && options.ParseSchedule() is null && !options.RunOnStart)
        {
            await Console.Error.WriteLineAsync($"error: {configPath}: serve.schedule: not set, so serve would never run; add e.g. serve: {{schedule: \"0 2 * * *\"}}, set serve.run_on_start: true, or use --once").ConfigureAwait(false);
            return ExitCodes.ConfigError;
        }

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, Args = [] });
        builder.Logging.ClearProviders();
        ConsoleLogging.Configure(builder.Logging, LogLevel.Information);
        // Framework chatter (Kestrel, hosting, HTTP client transport) only when it matters.
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning).AddFilter("System", LogLevel.Warning);
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(options.ShutdownTimeoutSeconds));
        if (OtlpMetrics.IsConfigured)
            builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddDataGenOtlp());

        using var totals = new MetricTotals();
        var time = TimeProvider.System;
        var state = new ServiceState(options, totals, time);
        builder.Services.AddSingleton(state);
        if (options.Status.Enabled)
            builder.Services.AddHostedService(services => new StatusEndpoint(options.Status, state, services.GetRequiredService<ILoggerFactory>()));
        builder.Services.AddSingleton(services => new ServeScheduler(
            options,
            new ScheduledRun(configPath, composerFactory, state, services.GetRequiredService<ILoggerFactory>(), time, Console.Error),
            state,
            services.GetRequiredService<IHostApplicationLifetime>(),
            time,
            services.GetRequiredService<ILogger<ServeScheduler>>(),
            once));
        builder.Services.AddHostedService(services => services.GetRequiredService<ServeScheduler>());

        using var host = builder.Build();
        if (OtlpMetrics.IsConfigured)
            ServeLog.OtlpEnabled(host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("DataGen.Serve"), Environment.GetEnvironmentVariable(OtlpMetrics.EndpointVariable)!);
        var scheduler = host.Services.GetRequiredService<ServeScheduler>();
        await host.RunAsync().ConfigureAwait(false);
        if (once)
            return scheduler.OnceExitCode ?? ExitCodes.Cancelled;
        return state.Healthy ? ExitCodes.Ok : ExitCodes.RunFailed;
    }
}
