using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using DataGen.Tests.Infrastructure;
using DataGen.Tests.Pipeline.Serve;

namespace DataGen.Tests.Pipeline.Telemetry;

/// <summary>
/// Standard OTLP configuration reaches a real receiver: `datagen build` with OTEL_EXPORTER_OTLP_ENDPOINT and
/// OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf posts the DataGen metrics to /v1/metrics on a local HTTP listener.
/// </summary>
public sealed class OtlpExportTests : IDisposable
{
    private readonly SmallRunFolder _folder = new("datagen-otlp-");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Build_WithOtlpEndpointSet_PostsDataGenMetricsToTheCollector()
    {
        using var receiver = new HttpListener();
        var port = FreePort();
        receiver.Prefixes.Add($"http://127.0.0.1:{port}/");
        receiver.Start();
        var bodies = new ConcurrentQueue<(string Path, byte[] Body)>();
        var accept = Task.Run(async () =>
        {
            while (receiver.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await receiver.GetContextAsync();
                }
                catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }
                using var body = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(body);
                bodies.Enqueue((context.Request.Url!.AbsolutePath, body.ToArray()));
                context.Response.StatusCode = 200;
                context.Response.Close();
            }
        });
        await using var server = FakeOpenAiServer.Start(_ => FakeReply.Text("A calm answer."));
        _folder.WritePrompts(2);
        var config = _folder.WriteConfig(SmallRunFolder.Yaml(server.BaseUrl));

        await using var child = DatagenChild.Start(
            new Dictionary<string, string>
            {
                ["OTEL_EXPORTER_OTLP_ENDPOINT"] = $"http://127.0.0.1:{port}",
                ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            },
            "build", "--config", config, "--out", _folder.Combine("run"), "--no-progress");
        var exit = await child.WaitForExitAsync(TimeSpan.FromMinutes(3));
        receiver.Stop();
        await accept;

        Assert.True(exit == 0, child.Output);
        var metrics = bodies.Where(b => b.Path == "/v1/metrics").Select(b => Encoding.UTF8.GetString(b.Body)).ToList();
        Assert.NotEmpty(metrics);
        // Protobuf carries names and tag values as plain UTF-8.
        foreach (var name in new[] { "datagen.stage.rows_in", "datagen.llm.request.duration", "datagen.llm.tokens", "datagen.output.rows_written", "sampling" })
            Assert.Contains(metrics, m => m.Contains(name, StringComparison.Ordinal));
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
