using System.Text;
using System.Text.RegularExpressions;
using DataGen.Stages.Llm.Onnx;
using Microsoft.Extensions.AI;

namespace DataGen.Tests.Stages.Llm.Onnx;

/// <summary>Backtracking decoding end to end through OnnxChatClient on the random tiny LM (which emits markers often).</summary>
public sealed partial class BacktrackingDecodingTests : IDisposable
{
    private readonly OnnxChatClient _client = new(TinyLm.Load(), maxBatchSize: 8);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _client.Dispose();

    /// <summary>ASCII bytes only (so the marker-name text of a plain run maps back to bytes exactly), EOS pushed down.</summary>
    private static ChatOptions Options(int maxTokens, long seed, Dictionary<string, object?>? extra = null, Dictionary<int, float>? bias = null)
    {
        var logitBias = Enumerable.Range(128, 128).ToDictionary(i => i, _ => -100f);
        logitBias[258] = -100f;
        foreach (var (id, b) in bias ?? [])
            logitBias[id] = b;
        var options = new ChatOptions { Temperature = 1, MaxOutputTokens = maxTokens, Seed = seed, AdditionalProperties = new() { [ChatOptionsMapping.LogitBiasKey] = logitBias } };
        foreach (var (key, value) in extra ?? [])
            options.AdditionalProperties[key] = value;
        return options;
    }

    private static Dictionary<string, object?> On(int max = 1000, float? markerBias = null) => new()
    {
        [ChatOptionsMapping.BacktrackingKey] = true,
        [ChatOptionsMapping.MaxBacktracksKey] = max,
        [ChatOptionsMapping.MarkerBiasKey] = markerBias,
    };

    private static int Stat(ChatResponse response, string key) => Assert.IsType<int>(response.AdditionalProperties![key]);

    [GeneratedRegex(@"\[[A-Z_0-9]+\]")]
    private static partial Regex MarkerName();

    /// <summary>A second reading of the contract on the plain (markers-as-names) text: apply each marker to an ASCII string.</summary>
    private static (string Visible, int Backtracks) Apply(string plain)
    {
        var visible = new StringBuilder();
        var backtracks = 0;
        var previous = "";
        var at = 0;
        foreach (Match m in MarkerName().Matches(plain))
        {
            visible.Append(plain, at, m.Index - at);
            if (m.Index > at)
                previous = "";
            at = m.Index + m.Length;
            if (m.Value == "[RESET]")
            {
                visible.Clear();
                backtracks++;
            }
            else if (m.Value.StartsWith("[BACKTRACK_BY_", StringComparison.Ordinal))
            {
                var k = int.Parse(m.Value["[BACKTRACK_BY_".Length..^1], System.Globalization.CultureInfo.InvariantCulture);
                visible.Length = Math.Max(0, visible.Length - k);
                if (previous != "[BACKTRACK_BY_128]")
                    backtracks++;
            }
            previous = m.Value;
        }
        visible.Append(plain, at, plain.Length - at);
        return (visible.ToString(), backtracks);
    }

    [Fact]
    public async Task VisibleText_IsThePlainTokenStreamWithMarkersApplied_AndStatsAreCounted()
    {
        var plain = await _client.GetResponseAsync("Tell me", Options(80, seed: 5), Ct);
        Assert.Matches(MarkerName(), plain.Text); // the plain run returns markers as text, as the pipeline needs
        Assert.Null(plain.AdditionalProperties);
        var (expected, backtracks) = Apply(plain.Text);
        Assert.True(backtracks > 0, "the random LM should emit retraction markers in 80 tokens");

        var decoded = await _client.GetResponseAsync("Tell me", Options(80, seed: 5, On()), Ct);
        Assert.Equal(expected, decoded.Text);
        Assert.Equal(backtracks, Stat(decoded, ResponseStatsKeys.Backtracks));
        Assert.Equal(80, Stat(decoded, ResponseStatsKeys.TokensGenerated));
        Assert.Equal(80, decoded.Usage!.OutputTokenCount);
        Assert.Equal(Encoding.UTF8.GetByteCount(decoded.Text), Stat(decoded, ResponseStatsKeys.TokensKept));
        Assert.Equal(backtracks, Assert.IsType<string[]>(decoded.AdditionalProperties![ResponseStatsKeys.Retracted]).Length);
    }

    [Fact]
    public async Task Cap_MasksMarkersAfterMaxBacktracks()
    {
        // [BACKTRACK_BY_2] forced: the first two tokens are backtracks (on empty text), then markers are masked out.
        var options = Options(30, seed: 9, On(max: 2), new Dictionary<int, float> { [261] = 100f });
        var response = await _client.GetResponseAsync("Hi", options, Ct);
        Assert.Equal(2, Stat(response, ResponseStatsKeys.Backtracks));
        Assert.Equal(30, Stat(response, ResponseStatsKeys.TokensGenerated));
        Assert.Equal(28, Stat(response, ResponseStatsKeys.TokensKept));
        Assert.Equal(28, response.Text.Length);
        Assert.DoesNotMatch(MarkerName(), response.Text);
    }

    [Fact]
    public async Task NegativeMarkerBias_RemovesBacktracks()
    {
        var response = await _client.GetResponseAsync("Tell me", Options(60, seed: 5, On(markerBias: -100f)), Ct);
        Assert.Equal(0, Stat(response, ResponseStatsKeys.Backtracks));
        Assert.Equal(60, Stat(response, ResponseStatsKeys.TokensKept));
    }

    [Fact]
    public async Task BackendDefaults_TurnItOn_AndARequestCanTurnItOff()
    {
        using var client = new OnnxChatClient(TinyLm.Load(), backtracking: new BacktrackingOptions { Enabled = true, MaxBacktracks = 1000 });
        var on = await client.GetResponseAsync("Tell me", Options(80, seed: 5), Ct);
        var off = await client.GetResponseAsync("Tell me", Options(80, seed: 5, new() { [ChatOptionsMapping.BacktrackingKey] = false }), Ct);
        Assert.Equal(Apply(off.Text).Visible, on.Text);
        Assert.NotNull(on.AdditionalProperties);
        Assert.Null(off.AdditionalProperties);
    }

    [Fact]
    public async Task Streaming_SendsTheVisibleTextOnceAtTheEnd_WithStats()
    {
        var options = Options(60, seed: 3, On());
        var whole = await _client.GetResponseAsync("Stream", options, Ct);
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in _client.GetStreamingResponseAsync("Stream", options, Ct))
            updates.Add(update);
        Assert.Single(updates, u => u.Text.Length > 0);
        Assert.Equal(whole.Text, string.Concat(updates.Select(u => u.Text)));
        Assert.Equal(Stat(whole, ResponseStatsKeys.Backtracks), Assert.IsType<int>(updates[^1].AdditionalProperties![ResponseStatsKeys.Backtracks]));
    }

    [Fact]
    public async Task BadMaxBacktracks_IsRejectedClearly()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => _client.GetResponseAsync("x", Options(5, seed: 1, On(max: -1)), Ct));
        Assert.Contains("max_backtracks", error.Message, StringComparison.Ordinal);
    }
}
