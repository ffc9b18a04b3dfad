using System.Text.Json;
using DataGen.Stages.Llm.Onnx;

namespace DataGen.Tests.Stages.Llm.Onnx;

public sealed class OnnxCausalLmTests
{
    /// <summary>The random tiny fixture and the bundled policy LM: both carry PyTorch reference logits from the factory.</summary>
    public static TheoryData<string> ModelsWithParity => [TinyLm.Folder, DataGen.Tests.Infrastructure.RepositoryPaths.File("models", "policy-lm")];

    private static JsonElement ParityOf(string folder) => JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "parity.json"))).RootElement;

    [Theory]
    [MemberData(nameof(ModelsWithParity))]
    public void FullSequenceLogits_MatchPyTorchWithinTolerance(string folder)
    {
        using var lm = OnnxCausalLm.Load(folder, "cpu");
        var parity = ParityOf(folder);
        var (ids, batch) = Flat(parity, "input_ids");
        using var output = lm.Forward(ids, Flat(parity, "attention_mask").Values, Flat(parity, "position_ids").Values, batch, past: null);
        AssertParity(parity, output, parity.GetProperty("tolerance").GetDouble());
    }

    [Theory]
    [MemberData(nameof(ModelsWithParity))]
    public void CachedDecodeStepLogits_MatchPyTorchWithinTolerance(string folder)
    {
        using var lm = OnnxCausalLm.Load(folder, "cpu");
        var parity = ParityOf(folder);
        var cached = parity.GetProperty("cached_case");
        var (prefix, batch) = Flat(cached, "prefix_ids");
        using var prefill = lm.Forward(prefix, Flat(cached, "prefix_attention_mask").Values, Flat(cached, "prefix_position_ids").Values, batch, past: null);
        using var step = lm.Forward(Flat(cached, "input_ids").Values, Flat(cached, "attention_mask").Values, Flat(cached, "position_ids").Values, batch, prefill.Present);
        Assert.Equal(prefix.Length / batch + 1, step.Present.Length);
        AssertParity(cached, step, parity.GetProperty("tolerance").GetDouble());
    }

    [Fact]
    public void CachedAndUncachedGreedyDecoding_GiveIdenticalTokens()
    {
        using var lm = TinyLm.Load();
        int[][] prompts = [Prompt(lm, "Hello, world"), Prompt(lm, "Hi")];
        Assert.Equal(Greedy(lm, prompts, 40, useCache: false), Greedy(lm, prompts, 40, useCache: true));
    }

    [Fact]
    public void LeftPaddedBatch_GivesEachPromptItsSoloGreedyOutput()
    {
        using var lm = TinyLm.Load();
        int[][] prompts = [Prompt(lm, "The quick brown fox jumps"), Prompt(lm, "a"), Prompt(lm, "Zwölf Boxkämpfer")];
        var together = Greedy(lm, prompts, 30, useCache: true);
        for (var i = 0; i < prompts.Length; i++)
            Assert.Equal(Greedy(lm, [prompts[i]], 30, useCache: true)[0], together[i]);
    }

    [Fact]
    public void KeepingRows_CompactsTheCacheWithoutChangingSurvivors()
    {
        using var lm = TinyLm.Load();
        int[][] prompts = [Prompt(lm, "a long prompt that pads the others"), Prompt(lm, "short"), Prompt(lm, "mid length")];
        var solo = Greedy(lm, [prompts[1]], 20, useCache: true)[0];
        using var batch = lm.Start(prompts);
        var produced = new List<int>();
        for (var step = 0; step < 20; step++)
        {
            if (step == 3)
                batch.Keep([1]); // the longest row leaves: the shared left padding is dropped too
            var tokens = Enumerable.Range(0, batch.Count).Select(r => ArgMax(batch.LastLogits(r))).ToArray();
            produced.Add(tokens[step < 3 ? 1 : 0]);
            batch.Append(tokens);
        }
        Assert.Equal(solo, produced);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void RowsAddedMidDecode_GetTheirSoloGreedyOutput_AndOthersAreUnchanged(bool useCache)
    {
        using var lm = TinyLm.Load();
        int[] early = Prompt(lm, "started first, and long"), late = Prompt(lm, "late");
        var soloEarly = Greedy(lm, [early], 20, useCache)[0];
        var soloLate = Greedy(lm, [late], 12, useCache)[0];
        using var batch = lm.Start([early], useCache);
        var producedEarly = new List<int>();
        var producedLate = new List<int>();
        for (var step = 0; step < 20; step++)
        {
            if (step == 8)
                batch.Add([late]);
            var tokens = Enumerable.Range(0, batch.Count).Select(r => ArgMax(batch.LastLogits(r))).ToArray();
            producedEarly.Add(tokens[0]);
            if (tokens.Length > 1)
                producedLate.Add(tokens[1]);
            batch.Append(tokens);
        }
        Assert.Equal(soloEarly, producedEarly);
        Assert.Equal(soloLate, producedLate);
    }

    [Fact]
    public void PromptLongerThanMaxPositions_IsRejected()
    {
        using var lm = TinyLm.Load();
        var error = Assert.Throws<ArgumentException>(() => lm.Start([new int[lm.Descriptor.MaxPositions + 1]]));
        Assert.Contains("max_positions", error.Message, StringComparison.Ordinal);
    }

    internal static int[] Prompt(OnnxCausalLm lm, string text) => CompletionPrompt.Encode(text, lm.Descriptor);

    private static List<List<int>> Greedy(OnnxCausalLm lm, int[][] prompts, int steps, bool useCache)
    {
        using var batch = lm.Start(prompts, useCache);
        var result = prompts.Select(_ => new List<int>()).ToList();
        for (var step = 0; step < steps; step++)
        {
            var tokens = Enumerable.Range(0, batch.Count).Select(r => ArgMax(batch.LastLogits(r))).ToArray();
            for (var r = 0; r < tokens.Length; r++)
                result[r].Add(tokens[r]);
            batch.Append(tokens);
        }
        return result;
    }

    private static int ArgMax(ReadOnlySpan<float> logits)
    {
        var best = 0;
        for (var i = 1; i < logits.Length; i++)
        {
            if (logits[i] > logits[best])
                best = i;
        }
        return best;
    }

    private static void AssertParity(JsonElement expected, CausalLmOutput output, double tolerance)
    {
        var rows = expected.GetProperty("last_logits").EnumerateArray().ToArray();
        Assert.Equal(rows.Length, output.Batch);
        var worst = 0.0;
        for (var r = 0; r < rows.Length; r++)
        {
            var actual = output.LastLogits(r);
            var want = rows[r].EnumerateArray().Select(v => v.GetDouble()).ToArray();
            Assert.Equal(want.Length, actual.Length);
            for (var i = 0; i < want.Length; i++)
                worst = Math.Max(worst, Math.Abs(want[i] - actual[i]));
        }
        Assert.True(worst <= tolerance, $"largest last-position logit difference {worst} exceeds {tolerance}");
        var sum = 0.0;
        foreach (var value in output.Logits)
            sum += value;
        var wantSum = expected.GetProperty("logits_sum").GetDouble();
        // PyTorch summed in float32: allow the per-value tolerance scaled by sqrt(count), or float32's relative rounding of the sum.
        var sumTolerance = Math.Max(tolerance * Math.Sqrt(output.Logits.Length), 1e-6 * Math.Abs(wantSum));
        Assert.True(Math.Abs(sum - wantSum) <= sumTolerance, $"logits sum {sum} vs PyTorch {wantSum} (allowed {sumTolerance})");
    }

    private static (long[] Values, int Rows) Flat(JsonElement parent, string key)
    {
        var rows = parent.GetProperty(key).EnumerateArray().ToArray();
        return ([.. rows.SelectMany(r => r.EnumerateArray().Select(v => v.GetInt64()))], rows.Length);
    }
}
