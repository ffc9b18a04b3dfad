using System.Net;
using System.Text;

namespace DataGen.Tests.Infrastructure;

public sealed class FakeOpenAiServerTests
{
    private static readonly HttpClient Http = new();

    [Fact]
    public async Task RateLimited_Sends429WithRetryAfter()
    {
        await using var server = FakeOpenAiServer.Start(_ => FakeReply.RateLimited(7));

        using var response = await PostAsync(server, """{"model":"m","messages":[{"role":"user","content":"hi"}]}""");

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(7), response.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task MalformedJson_Returns200WithUnparseableBody()
    {
        await using var server = FakeOpenAiServer.Start(_ => FakeReply.MalformedJson());

        using var response = await PostAsync(server, """{"model":"m","messages":[]}""");
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.ThrowsAny<System.Text.Json.JsonException>(() => System.Text.Json.JsonDocument.Parse(body));
    }

    [Fact]
    public async Task DropConnection_ClientSeesTransportError()
    {
        await using var server = FakeOpenAiServer.Start(_ => FakeReply.DropConnection());

        await Assert.ThrowsAnyAsync<HttpRequestException>(() => PostAsync(server, """{"model":"m","messages":[]}"""));
    }

    [Fact]
    public async Task RecordsRequestsInOrder_AndRejectsInvalidJsonBody()
    {
        await using var server = FakeOpenAiServer.Start(r => FakeReply.Text($"#{r.Index}"));

        using var first = await PostAsync(server, """{"model":"a","seed":1,"messages":[{"role":"user","content":"one"}]}""");
        using var second = await PostAsync(server, """{"model":"b","seed":2,"messages":[{"role":"user","content":"two"}]}""");
        using var bad = await PostAsync(server, "not json");

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(["one", "two"], server.Requests.Select(r => r.LastUserText));
        Assert.Equal([1L, 2L], server.Requests.Select(r => r.Seed!.Value));
        Assert.Contains("\"#1\"", await second.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    private static Task<HttpResponseMessage> PostAsync(FakeOpenAiServer server, string body) =>
        Http.PostAsync(new Uri(server.BaseUrl, "v1/chat/completions"), new StringContent(body, Encoding.UTF8, "application/json"),
            TestContext.Current.CancellationToken);
}
