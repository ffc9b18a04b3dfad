using System.Diagnostics;
using System.Text.Json;
using DataGen.Stages.Llm.Onnx;

namespace DataGen.Benchmarks;

/// <summary>
/// (3) Embedded generation with models/policy-lm: greedy tokens/s with and without the KV cache, for each batch size and
/// number of new tokens (prefill included, EOS ignored so every row makes the full count), and the PyTorch reference
/// model (weights read from the same ONNX file) on the same prompts in the same run.
/// </summary>
public sealed class GenerationBenchmark(RepositoryLayout repo, BenchScale scale)
{
    /// <summary>Harmless prompts written for the benchmark.</summary>
    public static readonly string[] Prompts =
    [
        "The weather this morning was",
        "My favourite recipe for soup starts with",
        "When the train finally arrived, everyone",
        "The best way to learn a new language is",
        "She opened the letter and read",
        "In the garden behind the old house there",
        "The meeting was moved to Thursday because",
        "A good book for a long journey is",
    ];

    public async Task<BenchmarkReport> RunAsync()
    {
        var report = new BenchmarkReport("3. Embedded generation (models/policy-lm, greedy, tokens/s = batch x new tokens / time incl. prefill)");
        using var lm = OnnxCausalLm.Load(repo.PolicyLm, "cpu");
        var encoded = Prompts.Select(p => (IReadOnlyList<int>)CompletionPrompt.Encode(p, lm.Descriptor)).ToArray();
        Generate(lm, encoded[..1], 8, useCache: true);
        Generate(lm, encoded[..1], 8, useCache: false);
        var onnxTokens = new Dictionary<string, int[]>();
        var onnx = new Dictionary<string, double>();
        foreach (var cache in new[] { true, false })
        {
            foreach (var batch in scale.GenerationBatches)
            {
                foreach (var n in scale.GenerationTokens)
                {
                    var clock = Stopwatch.StartNew();
                    var tokens = Generate(lm, encoded[..batch], n, cache);
                    var rate = batch * n / clock.Elapsed.TotalSeconds;
                    onnx[Key(cache, batch, n)] = rate;
                    onnxTokens[Key(cache, batch, n)] = tokens;
                }
            }
        }
        var torch = await RunTorchAsync(report);
        foreach (var batch in scale.GenerationBatches)
        {
            foreach (var n in scale.GenerationTokens)
            {
                var withCache = onnx[Key(true, batch, n)];
                var without = onnx[Key(false, batch, n)];
                report.Add($"ONNX batch {batch}, {n} new: KV cache", withCache, "tok/s");
                report.Add($"ONNX batch {batch}, {n} new: no cache", without, "tok/s");
                report.Add($"ONNX batch {batch}, {n} new: cache speed-up", withCache / without, "x", "F2");
                if (torch is not null)
                {
                    report.Add($"PyTorch batch {batch}, {n} new: KV cache", torch.Rates[Key(true, batch, n)], "tok/s");
                    report.Add($"PyTorch batch {batch}, {n} new: no cache", torch.Rates[Key(false, batch, n)], "tok/s");
                    report.Add($"ONNX / PyTorch batch {batch}, {n} new (KV cache)", withCache / torch.Rates[Key(true, batch, n)], "x", "F2");
                }
            }
        }
        if (torch is not null)
        {
            var agree = torch.FirstRowTokens.Count(kv => onnxTokens.TryGetValue(kv.Key, out var mine) && mine.SequenceEqual(kv.Value));
            report.Notes.Add($"Greedy tokens of row 0: ONNX and PyTorch agree in {agree} of {torch.FirstRowTokens.Count} settings; " +
                $"PyTorch weights read from model.onnx reproduce parity.json logits to {torch.ParityMaxAbsDiff:E1}; torch {torch.Version} with {torch.Threads} intra-op thread(s), the faster of 1 and {Environment.ProcessorCount} on a short trial ({torch.ThreadTrials}); ONNX Runtime uses its default intra-op threads.");
        }
        return report;
    }

    private static string Key(bool cache, int batch, int n) => $"{(cache ? "cache" : "nocache")}-b{batch}-n{n}";

    /// <summary>Greedy decoding of exactly <paramref name="newTokens"/> tokens per row; returns row 0's tokens.</summary>
    private static int[] Generate(OnnxCausalLm lm, IReadOnlyList<int>[] prompts, int newTokens, bool useCache)
    {
        using var batch = lm.Start(prompts, useCache);
        var first = new int[newTokens];
        var next = new int[prompts.Length];
        for (var step = 0; step < newTokens; step++)
        {
            for (var r = 0; r < prompts.Length; r++)
                next[r] = ArgMax(batch.LastLogits(r));
            first[step] = next[0];
            if (step + 1 < newTokens)
                batch.Append(next);
        }
        return first;
    }

    private static int ArgMax(ReadOnlySpan<float> values)
    {
        var best = 0;
        for (var i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
                best = i;
        }
        return best;
    }

    private sealed record TorchResult(Dictionary<string, double> Rates, Dictionary<string, int[]> FirstRowTokens, double ParityMaxAbsDiff, string Version, int Threads, string ThreadTrials);

    private async Task<TorchResult?> RunTorchAsync(BenchmarkReport report)
    {
        const string python = "/usr/bin/python3";
        if (!File.Exists(python))
        {
            report.Notes.Add("PyTorch reference not run: /usr/bin/python3 is missing.");
            return null;
        }
        var request = JsonSerializer.Serialize(new
        {
            model = repo.PolicyLm,
            prompts = Prompts,
            batches = scale.GenerationBatches,
            new_tokens = scale.GenerationTokens,
            threads = Environment.ProcessorCount,
        });
        var run = await ChildProcessRun.RunAsync(python, [repo.TorchReference], TimeSpan.FromMinutes(6), request);
        if (run.ExitCode == 3)
        {
            report.Notes.Add($"PyTorch reference not run: {run.StandardError.Trim()}");
            return null;
        }
        if (run.ExitCode != 0)
            throw new InvalidOperationException($"{repo.TorchReference} exited {run.ExitCode}: {run.StandardError}");
        using var doc = JsonDocument.Parse(run.StandardOutput);
        var root = doc.RootElement;
        var rates = new Dictionary<string, double>();
        var tokens = new Dictionary<string, int[]>();
        foreach (var r in root.GetProperty("runs").EnumerateArray())
        {
            var key = Key(r.GetProperty("cache").GetBoolean(), r.GetProperty("batch").GetInt32(), r.GetProperty("new_tokens").GetInt32());
            rates[key] = r.GetProperty("tokens_per_s").GetDouble();
            tokens[key] = r.GetProperty("first_row").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        }
        return new TorchResult(rates, tokens, root.GetProperty("parity_max_abs_diff").GetDouble(),
            root.GetProperty("torch").GetString() ?? "?", root.GetProperty("threads").GetInt32(),
            string.Join(", ", root.GetProperty("thread_trials_s").EnumerateObject().Select(p => $"{p.Name} thread(s): {p.Value.GetDouble():F2} s")));
    }
}
