using DataGen.Stages.Llm.Onnx;
using Microsoft.Extensions.AI;

namespace DataGen.Tests.Stages.Llm.Onnx;

public sealed class OnnxChatClientTests : IDisposable
{
    private readonly OnnxChatClient _client = new(TinyLm.Load(), maxBatchSize: 8);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _client.Dispose();

    private static ChatOptions Options(float temperature = 0, int maxTokens = 24, long? seed = null, Action<ChatOptions>? change = null)
    {
        // EOS is pushed down so outputs have a predictable length on a random model.
        var options = new ChatOptions
        {
            Temperature = temperature, MaxOutputTokens = maxTokens, Seed = seed,
            AdditionalProperties = new() { [ChatOptionsMapping.LogitBiasKey] = new Dictionary<string, float> { ["258"] = -100f } },
        };
        change?.Invoke(options);
        return options;
    }

    [Fact]
    public async Task Response_CarriesModelIdUsageAndLengthFinish()
    {
        var response = await _client.GetResponseAsync("Hello", Options(maxTokens: 7), Ct);
        Assert.Equal("datagen-tiny-random-lm", response.ModelId);
        Assert.Equal(ChatFinishReason.Length, response.FinishReason);
        Assert.Equal(6, response.Usage!.InputTokenCount); // BOS + 5 bytes
        Assert.Equal(7, response.Usage.OutputTokenCount);
        Assert.Equal(13, response.Usage.TotalTokenCount);
    }

    [Fact]
    public async Task SameSeed_SameText_DifferentSeed_DifferentText()
    {
        var a = await _client.GetResponseAsync("Once upon", Options(temperature: 1, seed: 11), Ct);
        var b = await _client.GetResponseAsync("Once upon", Options(temperature: 1, seed: 11), Ct);
        var c = await _client.GetResponseAsync("Once upon", Options(temperature: 1, seed: 12), Ct);
        Assert.Equal(a.Text, b.Text);
        Assert.NotEqual(a.Text, c.Text);
    }

    [Fact]
    public async Task ConcurrentRequests_AreBatched_AndEachGetsItsSoloText()
    {
        string[] prompts = ["The quick brown fox", "a", "Zwölf Boxkämpfer jagen", "mid"];
        var solo = new List<string>();
        foreach (var (prompt, i) in prompts.Select((p, i) => (p, i)))
            solo.Add((await _client.GetResponseAsync(prompt, Options(temperature: 1, seed: i, maxTokens: 10 + 5 * i), Ct)).Text);
        Assert.Equal(1, _client.LargestBatch);
        var together = await Task.WhenAll(prompts.Select((p, i) => _client.GetResponseAsync(p, Options(temperature: 1, seed: i, maxTokens: 10 + 5 * i), Ct)));
        Assert.True(_client.LargestBatch > 1, $"expected concurrent requests to share a batch, largest was {_client.LargestBatch}");
        Assert.Equal(solo, together.Select(r => r.Text));
    }

    [Fact]
    public async Task StopSequence_EndsTheTextBeforeIt()
    {
        var full = (await _client.GetResponseAsync("Hello", Options(temperature: 1, seed: 7, maxTokens: 40), Ct)).Text;
        // A 3-character stop whose first occurrence is well inside the text, so the cut is not trivially empty.
        var at = Enumerable.Range(5, full.Length - 8).First(k => !char.IsSurrogate(full[k]) && full.IndexOf(full.Substring(k, 3), StringComparison.Ordinal) == k);
        var stop = full.Substring(at, 3);
        var cut = await _client.GetResponseAsync("Hello", Options(temperature: 1, seed: 7, maxTokens: 40, change: o => o.StopSequences = [stop]), Ct);
        Assert.Equal(full[..at], cut.Text);
        Assert.Equal(ChatFinishReason.Stop, cut.FinishReason);
        Assert.True(cut.Usage!.OutputTokenCount < 40);
    }

    [Fact]
    public async Task LogitBiasOnAByte_ForcesIt()
    {
        var options = Options(temperature: 1, seed: 3, maxTokens: 12);
        options.AdditionalProperties![ChatOptionsMapping.LogitBiasKey] = new Dictionary<int, float> { ['A'] = 100f };
        var response = await _client.GetResponseAsync("Hello", options, Ct);
        Assert.Equal(new string('A', 12), response.Text);
    }

    [Fact]
    public async Task LogitBiasOnAMarkerName_EmitsTheMarkerName()
    {
        var options = Options(maxTokens: 2, change: o => o.AdditionalProperties![ChatOptionsMapping.LogitBiasKey] =
            new Dictionary<string, float> { ["[RESET]"] = 100f });
        Assert.Equal("[RESET][RESET]", (await _client.GetResponseAsync("Hello", options, Ct)).Text);
    }

    [Fact]
    public async Task EosForced_StopsAtOnceWithStopFinish()
    {
        var options = Options(change: o => o.AdditionalProperties![ChatOptionsMapping.LogitBiasKey] = new Dictionary<int, float> { [258] = 100f });
        var response = await _client.GetResponseAsync("Hello", options, Ct);
        Assert.Equal("", response.Text);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal(1, response.Usage!.OutputTokenCount);
    }

    [Fact]
    public async Task Streaming_ConcatenatesToTheNonStreamingText()
    {
        var options = Options(temperature: 1, seed: 42, maxTokens: 60, change: o => o.StopSequences = ["zz"]);
        var whole = await _client.GetResponseAsync("Stream me", options, Ct);
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in _client.GetStreamingResponseAsync("Stream me", options, Ct))
            updates.Add(update);
        Assert.True(updates.Count > 2, "expected the text to arrive in several pieces");
        Assert.Equal(whole.Text, string.Concat(updates.Select(u => u.Text)));
        var merged = updates.ToChatResponse();
        Assert.Equal(whole.Text, merged.Text);
        Assert.Equal(whole.FinishReason, merged.FinishReason);
        Assert.Equal(whole.Usage!.OutputTokenCount, merged.Usage!.OutputTokenCount);
        Assert.Single(merged.Messages);
    }

    [Fact]
    public async Task CancellingOneRequestMidGeneration_EndsItWithoutBreakingTheOthers()
    {
        var expected = (await _client.GetResponseAsync("other", Options(maxTokens: 100), Ct)).Text;
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var other = _client.GetResponseAsync("other", Options(maxTokens: 100), Ct);
        var received = 0;
        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var update in _client.GetStreamingResponseAsync("cancel me", Options(maxTokens: 100), cancel.Token))
            {
                received++;
                await cancel.CancelAsync();
            }
        });
        Assert.Equal(cancel.Token, error.CancellationToken);
        Assert.Equal(1, received);
        Assert.Equal(expected, (await other).Text);
    }

    [Fact]
    public async Task AlreadyCancelledRequest_Throws()
    {
        using var cancel = new CancellationTokenSource();
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _client.GetResponseAsync("x", Options(), cancel.Token));
    }

    [Fact]
    public async Task AssistantLastMessage_IsContinued_SystemIsIgnored()
    {
        ChatMessage[] chat = [new(ChatRole.System, "ignored"), new(ChatRole.User, "Q: hi\n"), new(ChatRole.Assistant, "A: hel")];
        Assert.Equal("Q: hi\nA: hel", CompletionPrompt.Format(chat));
        var response = await _client.GetResponseAsync(chat, Options(maxTokens: 3), Ct);
        Assert.Equal(1 + "Q: hi\nA: hel".Length, response.Usage!.InputTokenCount);
    }

    [Fact]
    public async Task UnknownLogitBiasName_IsRejectedClearly()
    {
        var options = Options(change: o => o.AdditionalProperties![ChatOptionsMapping.LogitBiasKey] = new Dictionary<string, float> { ["[NOPE]"] = 1f });
        var error = await Assert.ThrowsAsync<ArgumentException>(() => _client.GetResponseAsync("x", options, Ct));
        Assert.Contains("[NOPE]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GetService_ReturnsMetadata()
    {
        var metadata = _client.GetService<ChatClientMetadata>();
        Assert.Equal("onnx", metadata!.ProviderName);
        Assert.Equal("datagen-tiny-random-lm", metadata.DefaultModelId);
    }
}
