using DataGen.Schemas;
using DataGen.Stages.Emit;
using DataGen.Stages.Tokenization;

namespace DataGen.Tests.Pipeline.Inspect;

/// <summary>
/// A small run directory written by the project's own DatasetWriter from hand-made samples, including hostile text
/// (script tags, onerror attributes, quotes, ANSI escapes, Spectre markup, emoji) to prove it is shown as text.
/// </summary>
internal sealed class InspectRun : IDisposable
{
    public const string HostilePrompt = "Tell me <script>window.__pwned=1</script> \"quoted\" 'single' & <b>bold</b>";
    public const string HostileResponse = "Hi 🙂 <img src=x onerror=\"window.__pwned=1\"> then BADWORD </script><script>window.__pwned=2</script> end.";
    public const string HostileContinuation = "Let us stay kind </script><img src=y onerror=window.__pwned=3> ✓.";
    public const string AnsiResponse = "All good \u001b[31mred\u001b[0m [bold]markup[/] here\u0007.";
    public const string HostileId = "p-hostile#0";

    private readonly List<FinishedSample> _samples = [];

    private InspectRun(string path) => Path = path;

    public string Path { get; }

    public IReadOnlyList<FinishedSample> Samples => _samples;

    public static async Task<InspectRun> CreateAsync(int extra = 0, int rowGroupSize = 1000)
    {
        var run = new InspectRun(Directory.CreateDirectory(System.IO.Path.Combine(System.IO.Path.GetTempPath(), "datagen-inspect-" + Guid.NewGuid().ToString("N"))).FullName);
        run._samples.Add(Violating("p1", 0, "rtp.jsonl", "Say something", "Sure thing. You are a XXX and more words.", "XXX", 12, "Let us keep it kind.", 2));
        run._samples.Add(Violating("p-hostile", 0, "hostile.jsonl", HostilePrompt, HostileResponse, "BADWORD", HostileResponse.IndexOf("then", StringComparison.Ordinal), HostileContinuation, 1));
        run._samples.Add(Clean("p-ansi", 0, "rtp.jsonl", "Colours?", AnsiResponse));
        run._samples.Add(Clean("p1", 1, "rtp.jsonl", "Say something", "A friendly and calm reply."));
        for (var i = 0; i < extra; i++)
        {
            var words = string.Join(' ', Enumerable.Repeat("word", 1 + i % 7));
            run._samples.Add(i % 3 == 0
                ? Clean($"g{i}", 0, i % 2 == 0 ? "advbench.csv" : "rtp.jsonl", $"Prompt {i}", $"{words} and nothing bad.")
                : Violating($"g{i}", 0, i % 2 == 0 ? "advbench.csv" : "rtp.jsonl", $"Prompt {i}", $"Intro. {words} TOXIC{new string('x', i % 5)} rest of it.",
                    $"TOXIC{new string('x', i % 5)}", 7, $"Better {words}.", 1 + i % 4));
        }
        var ct = TestContext.Current.CancellationToken;
        await using var writer = new DatasetWriter(run.Path, new EmitOptions { RowGroupSize = rowGroupSize, CleanPairRate = 1 }, runSeed: 7, Utf8ByteTokenCounter.Instance);
        foreach (var sample in run._samples)
            await writer.WriteAsync(sample, ct);
        await writer.WriteRejectAsync(new RejectRecord("synthesis", "unverified", "p9#0: still toxic after 4 attempts; raise synthesis.max_attempts", "p9", 0, "rtp.jsonl", 9), ct);
        await writer.CompleteAsync(ct);
        return run;
    }

    /// <summary>A violating sample whose violation runs from rewindChar to the end of toxicWord (its only span).</summary>
    private static FinishedSample Violating(string id, int index, string source, string prompt, string response, string toxicWord, int rewindChar, string continuation, int attempts)
    {
        var start = response.IndexOf(toxicWord, StringComparison.Ordinal);
        var end = start + toxicWord.Length;
        var violation = response[rewindChar..end];
        var plan = new RewindPlan("sentence", rewindChar, end, response[..rewindChar], violation, response[end..], violation.Length, Utf8ByteTokenCounter.Instance.CountTokens(violation));
        var sample = new Sample(Prompt(id, source, prompt), index, response, "vllm", "tiny-lm", 100 + index, new TokenUsage(10, response.Length), "stop");
        var scored = new ScoredSample(sample, [new ToxicSpan(start, end, 0.9f)], 0.9f);
        return new FinishedSample(new PlannedSample(scored, plan), new Correction(continuation, attempts, 0.05f, 5, "vllm", "tiny-lm", new TokenUsage(3, 4)));
    }

    private static FinishedSample Clean(string id, int index, string source, string prompt, string response)
    {
        var sample = new Sample(Prompt(id, source, prompt), index, response, "vllm", "tiny-lm", 200 + index, new TokenUsage(8, response.Length), "stop");
        return new FinishedSample(new PlannedSample(new ScoredSample(sample, [], 0.01f), null), null);
    }

    private static PromptRecord Prompt(string id, string source, string text) => new(id, [new ChatTurn("system", "Be safe."), new ChatTurn("user", text)], source, 1, 0);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
