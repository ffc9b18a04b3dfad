using DataGen.Stages.Llm.Replay;
using DataGen.Tests.Infrastructure;
using Microsoft.Extensions.AI;

namespace DataGen.Tests.Pipeline.Resume;

/// <summary>The replay cache in front of a real openai backend talking to the local fake server.</summary>
public sealed class ReplayCacheTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("datagen-replay-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private static FakeReply Echo(FakeChatRequest request) =>
        FakeReply.Text($"answer {request.Seed} to {request.LastUserText}") with { FinishReason = "length", PromptTokens = 5, CompletionTokens = 3 };

    private static ChatOptions Options(long seed, float temperature = 0.9f) => new() { Seed = seed, Temperature = temperature, MaxOutputTokens = 32 };

    [Fact]
    public async Task ASecondIdenticalRequest_IsAnsweredFromTheCache_WithTextFinishReasonUsageAndModel()
    {
        await using var server = FakeOpenAiServer.Start(Echo);
        using var store = new ReplayCacheStore(Path.Combine(_folder, "cache.sqlite"));
        using var client = new ReplayCacheChatClient(TestBackends.OpenAi(server), store, "local|openai");
        var ct = TestContext.Current.CancellationToken;

        var first = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "hello")], Options(1), ct);
        var second = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "hello")], Options(1), ct);

        Assert.Single(server.Requests);
        Assert.Equal((1L, 1L), (store.Hits, store.Misses));
        Assert.Equal("answer 1 to hello", second.Text);
        Assert.Equal(first.Text, second.Text);
        Assert.Equal(ChatFinishReason.Length, second.FinishReason);
        Assert.Equal((5L, 3L), (second.Usage!.InputTokenCount!.Value, second.Usage.OutputTokenCount!.Value));
        Assert.Equal(first.ModelId, second.ModelId);
    }

    [Fact]
    public async Task AWriteThatFails_StillReturnsTheAnswer_CountsOneErrorAndStopsRecording()
    {
        await using var server = FakeOpenAiServer.Start(Echo);
        var path = Path.Combine(_folder, "cache.sqlite");
        using var store = new ReplayCacheStore(path);
        using var client = new ReplayCacheChatClient(TestBackends.OpenAi(server), store, "local|openai");
        var ct = TestContext.Current.CancellationToken;
        // Break the file under the store (as a full disk would fail its writes): every INSERT now fails.
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path}"))
        {
            connection.Open();
            using var drop = connection.CreateCommand();
            drop.CommandText = "DROP TABLE responses";
            drop.ExecuteNonQuery();
        }

        var first = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "a")], Options(1), ct);
        var second = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "b")], Options(1), ct);

        Assert.Equal("answer 1 to a", first.Text);
        Assert.Equal("answer 1 to b", second.Text);
        Assert.Equal(1, store.WriteErrors);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task ADifferentSeedTemperatureMessageOrBackend_IsAMiss()
    {
        await using var server = FakeOpenAiServer.Start(Echo);
        using var store = new ReplayCacheStore(Path.Combine(_folder, "cache.sqlite"));
        var inner = TestBackends.OpenAi(server);
        using var client = new ReplayCacheChatClient(inner, store, "local|openai");
        using var other = new ReplayCacheChatClient(inner, store, "other|openai");
        var ct = TestContext.Current.CancellationToken;
        ChatMessage[] hello = [new(ChatRole.User, "hello")];

        await client.GetResponseAsync(hello, Options(1), ct);
        var reseeded = await client.GetResponseAsync(hello, Options(2), ct);
        await client.GetResponseAsync(hello, Options(1, temperature: 0.5f), ct);
        await client.GetResponseAsync([new ChatMessage(ChatRole.User, "hello!")], Options(1), ct);
        await other.GetResponseAsync(hello, Options(1), ct);

        Assert.Equal(5, server.Requests.Count);
        Assert.Equal((0L, 5L), (store.Hits, store.Misses));
        Assert.Equal("answer 2 to hello", reseeded.Text);
    }

    [Fact]
    public async Task AFailedRequest_IsNotCached_SoItIsAskedAgain()
    {
        var calls = 0;
        await using var server = FakeOpenAiServer.Start(r => Interlocked.Increment(ref calls) == 1 ? FakeReply.Status(500) : Echo(r));
        using var store = new ReplayCacheStore(Path.Combine(_folder, "cache.sqlite"));
        using var client = new ReplayCacheChatClient(TestBackends.OpenAi(server), store, "local|openai");
        var ct = TestContext.Current.CancellationToken;

        await Assert.ThrowsAnyAsync<Exception>(() => client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")], Options(1), ct));
        var retry = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")], Options(1), ct);

        Assert.Equal("answer 1 to hi", retry.Text);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task TheCacheFile_SurvivesReopening_AndTheKeyIsStable()
    {
        var path = Path.Combine(_folder, "cache.sqlite");
        await using var server = FakeOpenAiServer.Start(Echo);
        var ct = TestContext.Current.CancellationToken;
        ChatMessage[] messages = [new(ChatRole.System, "be nice"), new(ChatRole.User, "hello")];
        using (var store = new ReplayCacheStore(path))
        using (var client = new ReplayCacheChatClient(TestBackends.OpenAi(server), store, "local|openai"))
            await client.GetResponseAsync(messages, Options(3), ct);

        using var reopened = new ReplayCacheStore(path);
        using var again = new ReplayCacheChatClient(TestBackends.OpenAi(server), reopened, "local|openai");
        var replayed = await again.GetResponseAsync(messages, Options(3), ct);

        Assert.Single(server.Requests);
        Assert.Equal(1, reopened.Hits);
        Assert.Equal("answer 3 to hello", replayed.Text);
        Assert.Equal(
            ReplayKey.Compute("b", [new ChatMessage(ChatRole.User, "x")], Options(1)),
            ReplayKey.Compute("b", [new ChatMessage(ChatRole.User, "x")], Options(1)));
        Assert.Matches("^[0-9a-f]{64}$", ReplayKey.Compute("b", [new ChatMessage(ChatRole.User, "x")], null));
    }
}
