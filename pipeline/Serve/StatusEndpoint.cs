using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DataGen.Pipeline.Serve;

/// <summary>
/// GET /status (the service state as JSON) and GET /health (200, or 503 once the scheduler loop has died) on a small
/// Kestrel server bound to serve.status.bind:port, started and stopped with the serve host.
/// </summary>
public sealed class StatusEndpoint(ServeStatusOptions options, ServiceState state, ILoggerFactory loggers) : IHostedService, IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        WriteIndented = true,
    };

    private readonly ILogger _logger = loggers.CreateLogger<StatusEndpoint>();
    private WebApplication? _app;

    /// <summary>The address Kestrel listens on (with the real port when port 0 was asked for); set once started.</summary>
    public Uri? Address { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggers);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(options.Address, options.Port));
        var app = builder.Build();
        app.MapGet("/status", () => Results.Json(state.Snapshot(), Json));
        app.MapGet("/health", () => state.Healthy
            ? Results.Json(new { status = "healthy" }, Json)
            : Results.Json(new { status = "unhealthy", reason = state.Snapshot().LastError?.Message }, Json, statusCode: StatusCodes.Status503ServiceUnavailable));
        if (!IPAddress.IsLoopback(options.Address))
            ServeLog.RemoteBindWarning(_logger, options.Bind);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        _app = app;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        Address = address is null ? null : new Uri(address);
        ServeLog.StatusListening(_logger, address ?? $"{options.Bind}:{options.Port}");
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is not null)
            await _app.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
            await _app.DisposeAsync().ConfigureAwait(false);
        _app = null;
    }
}
