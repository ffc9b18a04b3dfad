using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DataGen.Tests.Infrastructure;

/// <summary>
/// A real HTTP server on 127.0.0.1 speaking the OpenAI chat completions protocol (POST /v1/chat/completions, JSON or SSE
/// streaming, usage in the reply). Replies are a function of the request; faults are injected per request. Records
/// every request and the most requests seen in flight at once. Bounded: request bodies up to 4 MiB, at most
/// <c>maxRequests</c> answered (then 503), pending work cancelled on dispose.
/// </summary>
public sealed class FakeOpenAiServer : IAsyncDisposable
{
    private const int MaxBodyBytes = 4 << 20;
    private readonly HttpListener _listener;
    private readonly Func<FakeChatRequest, FakeReply> _script;
    private readonly int _maxRequests;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentQueue<FakeChatRequest> _requests = new();
    private readonly ConcurrentDictionary<Task, bool> _handlers = new();
    private readonly ConcurrentDictionary<string, int> _injected = new(StringComparer.Ordinal);
    private readonly Task _acceptLoop;
    private int _received;
    private int _inFlight;
    private int _maxInFlight;

    private FakeOpenAiServer(HttpListener listener, int port, Func<FakeChatRequest, FakeReply> script, int maxRequests)
    {
        _listener = listener;
        _script = script;
        _maxRequests = maxRequests;
        Port = port;
        _acceptLoop = Task.Run(AcceptAsync);
    }

    public int Port { get; }

    /// <summary>The base URL a client is configured with, e.g. http://127.0.0.1:PORT/v1.</summary>
    public Uri BaseUrl => new($"http://127.0.0.1:{Port}/v1");

    /// <summary>Requests received so far, in arrival order.</summary>
    public IReadOnlyList<FakeChatRequest> Requests => _requests.OrderBy(r => r.Index).ToList();

    /// <summary>
    /// Faults the script injected, by kind: status_CODE, drop, malformed_json, and delay (a reply delayed by
    /// <see cref="FakeReply.Delay"/> with no other fault; whether the client waited for it is the client's business).
    /// </summary>
    public IReadOnlyDictionary<string, int> Injected => new SortedDictionary<string, int>(_injected, StringComparer.Ordinal);

    /// <summary>Most requests being handled at the same moment since start.</summary>
    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    public static FakeOpenAiServer Start(Func<FakeChatRequest, FakeReply> script, int maxRequests = 10_000)
    {
        ArgumentNullException.ThrowIfNull(script);
        for (var attempt = 0; ; attempt++)
        {
            var port = FreePort();
            var listener = new HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                listener.Start();
                return new FakeOpenAiServer(listener, port, script, maxRequests);
            }
            catch (HttpListenerException) when (attempt < 10)
            {
                // Another process took the port between probing and binding; probe again.
                listener.Close();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        try
        {
            await Task.WhenAll(_handlers.Keys.Append(_acceptLoop)).WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception)
        {
            // Handlers end with cancellation or aborted connections during shutdown; that is expected.
        }
        _listener.Close();
        _stopping.Dispose();
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception) when (_stopping.IsCancellationRequested)
            {
                return;
            }
            catch (HttpListenerException)
            {
                continue;
            }
            var handler = Task.Run(() => HandleAsync(context));
            _handlers[handler] = true;
            _ = handler.ContinueWith(t => _handlers.TryRemove(t, out _), TaskScheduler.Default);
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        var inFlight = Interlocked.Increment(ref _inFlight);
        UpdateMax(inFlight);
        try
        {
            await RespondAsync(context);
        }
        catch (Exception) when (_stopping.IsCancellationRequested)
        {
            context.Response.Abort();
        }
        catch (Exception ex)
        {
            await TryWriteErrorAsync(context.Response, 500, $"fake server failure: {ex.GetType().Name}: {ex.Message}");
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private async Task RespondAsync(HttpListenerContext context)
    {
        var request = context.Request;
        var response = context.Response;
        if (request.HttpMethod != "POST" || request.Url?.AbsolutePath.TrimEnd('/') != "/v1/chat/completions")
        {
            await WriteErrorAsync(response, 404, $"no route {request.HttpMethod} {request.Url?.AbsolutePath}");
            return;
        }
        if (request.ContentLength64 > MaxBodyBytes)
        {
            await WriteErrorAsync(response, 413, "request body too large");
            return;
        }
        var index = Interlocked.Increment(ref _received) - 1;
        if (index >= _maxRequests)
        {
            await WriteErrorAsync(response, 503, $"fake server answers at most {_maxRequests} requests");
            return;
        }

        string body;
        using (var reader = new StreamReader(request.InputStream, Encoding.UTF8))
            body = await reader.ReadToEndAsync(_stopping.Token);
        JsonObject json;
        try
        {
            json = JsonNode.Parse(body) as JsonObject ?? throw new JsonException("body is not a JSON object");
        }
        catch (JsonException ex)
        {
            await WriteErrorAsync(response, 400, $"invalid JSON body: {ex.Message}");
            return;
        }

        var recorded = new FakeChatRequest(index, request.Url!.AbsolutePath, body, json, request.Headers["Authorization"])
        {
            ReceivedTimestamp = System.Diagnostics.Stopwatch.GetTimestamp(),
        };
        _requests.Enqueue(recorded);
        var reply = _script(recorded);
        if (InjectedKind(reply) is { } kind)
            _injected.AddOrUpdate(kind, 1, (_, n) => n + 1);
        if (reply.Delay > TimeSpan.Zero)
            await Task.Delay(reply.Delay, _stopping.Token);

        switch (reply.Fault)
        {
            case FakeFault.Status:
                if (reply.RetryAfterSeconds is { } retryAfter)
                    response.Headers["Retry-After"] = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
                await WriteErrorAsync(response, reply.StatusCode, $"injected status {reply.StatusCode}");
                return;
            case FakeFault.DropConnection:
                await DropAsync(response);
                return;
            case FakeFault.MalformedJson:
                await WriteAsync(response, 200, "application/json", "{\"id\": \"chatcmpl-broken\", \"choices\": [");
                return;
        }

        var model = reply.Model ?? recorded.Model ?? "fake-model";
        var promptTokens = reply.PromptTokens ?? recorded.Messages.Sum(m => CountWords(m.Content));
        var completionTokens = reply.CompletionTokens ?? CountWords(reply.Content);
        if (recorded.Stream)
            await WriteStreamAsync(response, recorded, reply, model, promptTokens, completionTokens);
        else
            await WriteAsync(response, 200, "application/json", FakeOpenAiPayloads.Completion(index, model, reply, promptTokens, completionTokens));
    }

    private async Task WriteStreamAsync(
        HttpListenerResponse response, FakeChatRequest request, FakeReply reply, string model, int promptTokens, int completionTokens)
    {
        response.StatusCode = 200;
        response.ContentType = "text/event-stream";
        response.SendChunked = true;
        var output = response.OutputStream;
        foreach (var chunk in FakeOpenAiPayloads.StreamChunks(request, reply, model, promptTokens, completionTokens))
        {
            var bytes = Encoding.UTF8.GetBytes($"data: {chunk}\n\n");
            await output.WriteAsync(bytes, _stopping.Token);
            await output.FlushAsync(_stopping.Token);
        }
        response.Close();
    }

    // HttpListener cannot reset before headers go out, so promise a body, send part of it and cut the connection.
    private static async Task DropAsync(HttpListenerResponse response)
    {
        var partial = Encoding.UTF8.GetBytes("{\"id\": \"chatcmpl-dropped\",");
        response.StatusCode = 200;
        response.ContentType = "application/json";
        response.ContentLength64 = partial.Length + 4096;
        await response.OutputStream.WriteAsync(partial);
        await response.OutputStream.FlushAsync();
        response.Abort();
    }

    private static string? InjectedKind(FakeReply reply) => reply.Fault switch
    {
        FakeFault.Status => $"status_{reply.StatusCode}",
        FakeFault.DropConnection => "drop",
        FakeFault.MalformedJson => "malformed_json",
        _ => reply.Delay > TimeSpan.Zero ? "delay" : null,
    };

    private static int CountWords(string text) => text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;

    private void UpdateMax(int value)
    {
        var seen = Volatile.Read(ref _maxInFlight);
        while (value > seen)
        {
            var previous = Interlocked.CompareExchange(ref _maxInFlight, value, seen);
            if (previous == seen)
                return;
            seen = previous;
        }
    }

    private static async Task TryWriteErrorAsync(HttpListenerResponse response, int status, string message)
    {
        try
        {
            await WriteErrorAsync(response, status, message);
        }
        catch (Exception)
        {
            // The response was already started or the client went away; nothing more to tell it.
            response.Abort();
        }
    }

    private static Task WriteErrorAsync(HttpListenerResponse response, int status, string message) =>
        WriteAsync(response, status, "application/json", FakeOpenAiPayloads.Error(status, message));

    private static async Task WriteAsync(HttpListenerResponse response, int status, string contentType, string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        response.StatusCode = status;
        response.ContentType = contentType;
        response.ContentLength64 = bytes.Length;
        await response.OutputStream.WriteAsync(bytes);
        response.Close();
    }
}
