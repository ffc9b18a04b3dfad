using DataGen.Tests.Pipeline.Support;
using System.Diagnostics;
using System.Text.Json;
using DataGen.Schemas.Parquet;
using DataGen.Stages;
using DataGen.Tests.Infrastructure;
using Parquet.Serialization;

namespace DataGen.Tests.Pipeline.Build;

/// <summary>
/// `datagen build` run as a user runs it (a child process with a pipeline.yaml), against a local OpenAI-compatible
/// server with scripted replies and the byte-level ONNX fixture classifier that flags every 'X'. The Parquet sets
/// are read back and checked row by row.
/// </summary>
public sealed class BuildEndToEndTests : IDisposable
{
    private const long RunSeed = 99;
    private const string SynthesisReply = "But let us keep this friendly.";
    private readonly string _folder = Directory.CreateTempSubdirectory("datagen-e2e-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    // p-cats: clean twice; p-dogs: a violation mid-text (sample 0) and at position 0 (sample 1);
    // p-birds: sample 0 never gets a clean correction, sample 1 hits a server error.
    private static readonly Dictionary<(string Prompt, int Sample), string> Responses = new()
    {
        [("Tell me about cats.", 0)] = "Cats are lovely animals. They sleep a lot.",
        [("Tell me about cats.", 1)] = "Cats purr when they are happy.",
        [("Tell me about dogs.", 0)] = "Dogs are fine. But you are a XXXX and everyone knows it.",
        [("Tell me about dogs.", 1)] = "XXXX is how it starts.",
        [("Tell me about birds.", 0)] = "Birds sing. XXXX birds.",
    };

    private static readonly Dictionary<string, string> PromptIds = new()
    {
        ["Tell me about cats."] = "p-cats",
        ["Tell me about dogs."] = "p-dogs",
        ["Tell me about birds."] = "p-birds",
    };

    private static FakeReply Script(FakeChatRequest request)
    {
        if (request.Messages.Any(m => m.Role == "system"))
        {
            // Synthesis (the instruct template has a system message): birds never get a clean continuation.
            return request.LastUserText.Contains("Tell me about birds.", StringComparison.Ordinal)
                ? FakeReply.Text("XXXX again")
                : FakeReply.Text(SynthesisReply);
        }
        var prompt = request.LastUserText;
        var sampleIndex = Enumerable.Range(0, 2).Single(i => SeedDeriver.Derive(RunSeed, PromptIds[prompt], i, "sample") == request.Seed);
        return Responses.TryGetValue((prompt, sampleIndex), out var text) ? FakeReply.Text(text) : FakeReply.Status(500);
    }

    private string WriteConfig(Uri baseUrl)
    {
        File.WriteAllText(Path.Combine(_folder, "prompts.jsonl"), """
            {"id": "p-cats", "prompt": "Tell me about cats."}
            {"id": "p-dogs", "prompt": "Tell me about dogs."}
            {"id": "p-birds", "prompt": "Tell me about birds."}

            """);
        var fixtures = Path.Combine(AppContext.BaseDirectory, "Fixtures");
        var config = $"""
            run:
              seed: {RunSeed}
              output: out
            prompts:
              path: prompts.jsonl
            backends:
              local:
                type: openai
                base_url: {baseUrl}
                model: scripted-model
                max_retries: 0
                max_concurrency: 4
            sampling:
              backend: local
              samples_per_prompt: 2
              temperature: 0.9
              max_tokens: 64
            classifier:
              model: {Path.Combine(fixtures, "test-classifier")}
              batch_size: 4
            rewind:
              policy: sentence
              tokenizer: bytes
            synthesis:
              backend: local
              template: {RepositoryPaths.File("prompts", "templates", "synthesis-instruct.md")}
              max_attempts: 2
            emit:
              marker: backtrack
              category_marker: "[TOXIC]"
              dpo_kinds: [recover, avoid, clean]
              clean_pair_rate: 1.0
            """;
        var path = Path.Combine(_folder, "pipeline.yaml");
        File.WriteAllText(path, config);
        return path;
    }

    private static async Task<(int ExitCode, string Output)> RunDatagenAsync(params string[] args)
    {
        var (exitCode, output, errors) = await DatagenProcess.RunAsync(args);
        return (exitCode, output + errors);
    }

    private static async Task<IList<T>> ReadAsync<T>(string runFolder, string output)
        where T : class, new()
    {
        var files = Directory.GetFiles(Path.Combine(runFolder, output), "*.parquet");
        var path = Assert.Single(files);
        Assert.Empty(Directory.GetFiles(Path.Combine(runFolder, output), "*.inprogress"));
        return (await ParquetSerializer.DeserializeAsync<T>(path, cancellationToken: TestContext.Current.CancellationToken)).Data;
    }

    [Fact]
    public async Task Build_WritesExactSamplesSftDpoRejectsAndManifest()
    {
        await using var server = FakeOpenAiServer.Start(Script);
        var config = WriteConfig(server.BaseUrl);
        var run = Path.Combine(_folder, "run");

        var (exit, output) = await RunDatagenAsync("build", "--config", config, "--out", run, "--no-progress");
        Assert.True(exit == 0, output);

        var samples = await ReadAsync<SampleRow>(run, "samples");
        Assert.Equal(["p-cats#0", "p-cats#1", "p-dogs#0", "p-dogs#1"], samples.Select(s => $"{s.PromptId}#{s.SampleIndex}"));
        Assert.All(samples, s => Assert.Equal("scripted-model", s.Model));
        Assert.All(samples, s => Assert.Equal(SeedDeriver.Derive(RunSeed, s.PromptId, s.SampleIndex, "sample"), s.Seed));
        Assert.Equal([false, false, true, true], samples.Select(s => s.HasViolation));
        var dogs0 = samples[2];
        var span = Assert.Single(dogs0.Spans);
        Assert.Equal((29, 33), (span.Start, span.End));
        Assert.Equal(("sentence", 15, 33, 18, 18), (dogs0.Policy, dogs0.RewindChar!.Value, dogs0.ViolationEnd!.Value, dogs0.BacktrackChars!.Value, dogs0.BacktrackTokens!.Value));
        Assert.Equal(SynthesisReply, dogs0.Correction!.Continuation);
        Assert.Equal((0, 4), (samples[3].RewindChar!.Value, samples[3].ViolationEnd!.Value));

        var sft = await ReadAsync<SftRow>(run, "sft");
        Assert.Equal(["clean", "clean", "backtrack", "backtrack"], sft.Select(r => r.Kind));
        Assert.Equal("Cats are lovely animals. They sleep a lot.", Assert.Single(sft[0].Completion).Content);
        var sftDogs0 = sft[2];
        Assert.Equal([("user", "Tell me about dogs.")], sftDogs0.Prompt.Select(m => (m.Role, m.Content)));
        Assert.Equal(("Dogs are fine. ", "But you are a XXXX", "[TOXIC][BACKTRACK_BY_18]", SynthesisReply),
            (sftDogs0.Prefix, sftDogs0.Violation, sftDogs0.Marker, sftDogs0.Continuation));
        var completion = Assert.Single(sftDogs0.Completion);
        Assert.Equal("assistant", completion.Role);
        Assert.Equal("Dogs are fine. But you are a XXXX[TOXIC][BACKTRACK_BY_18]" + SynthesisReply, completion.Content);
        Assert.Equal(("", "XXXX", "[TOXIC][BACKTRACK_BY_4]"), (sft[3].Prefix, sft[3].Violation, sft[3].Marker));

        var dpo = await ReadAsync<DpoRow>(run, "dpo");
        Assert.Equal(
            ["p-cats#0:clean", "p-cats#1:clean", "p-dogs#0:recover", "p-dogs#0:avoid", "p-dogs#1:recover", "p-dogs#1:avoid"],
            dpo.Select(r => $"{r.PromptId}#{r.SampleIndex}:{r.Kind}"));
        var recover = dpo[2];
        Assert.Equal([("user", "Tell me about dogs."), ("assistant", "Dogs are fine. But you are a XXXX")], recover.Prompt.Select(m => (m.Role, m.Content)));
        Assert.Equal("[TOXIC][BACKTRACK_BY_18]" + SynthesisReply, Assert.Single(recover.Chosen).Content);
        Assert.Equal(" and everyone knows it.", Assert.Single(recover.Rejected).Content);
        var avoid = dpo[3];
        Assert.Equal([("user", "Tell me about dogs."), ("assistant", "Dogs are fine. ")], avoid.Prompt.Select(m => (m.Role, m.Content)));
        Assert.Equal(SynthesisReply, Assert.Single(avoid.Chosen).Content);
        Assert.Equal("But you are a XXXX and everyone knows it.", Assert.Single(avoid.Rejected).Content);
        // Avoid at position 0: no assistant turn in the prompt, the whole unsafe response is rejected.
        Assert.Equal([("user", "Tell me about dogs.")], dpo[5].Prompt.Select(m => (m.Role, m.Content)));
        Assert.Equal("XXXX is how it starts.", Assert.Single(dpo[5].Rejected).Content);
        foreach (var clean in dpo.Take(2))
        {
            var head = clean.Prompt[^1].Content;
            var tail = Assert.Single(clean.Chosen).Content;
            Assert.Equal(samples[clean.SampleIndex].Response, head + tail);
            Assert.StartsWith("[TOXIC][BACKTRACK_BY_", Assert.Single(clean.Rejected).Content, StringComparison.Ordinal);
        }

        var rejects = await ReadAsync<RejectRow>(run, "rejects");
        Assert.Equal([("p-birds", 0, "synthesis", "synthesis_unverified"), ("p-birds", 1, "sampling", "llm_error")],
            rejects.Select(r => (r.PromptId, r.SampleIndex, r.Stage, r.Reason)));
        Assert.All(rejects, r => Assert.Equal("prompts.jsonl", r.Source));

        using var manifest = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(run, "manifest.json"), TestContext.Current.CancellationToken));
        var root = manifest.RootElement;
        Assert.Equal("completed", root.GetProperty("status").GetString());
        Assert.Equal(RunSeed, root.GetProperty("seeds").GetProperty("run").GetInt64());
        var reasons = root.GetProperty("rejects_by_reason");
        Assert.Equal(1, reasons.GetProperty("synthesis_unverified").GetInt64());
        Assert.Equal(1, reasons.GetProperty("llm_error").GetInt64());
        Assert.Contains(root.GetProperty("models").EnumerateArray(), m => m.GetProperty("kind").GetString() == "token-classifier");

        // The inspection tools read what build wrote: every invariant holds and the report renders.
        var (validateExit, validateOutput) = await RunDatagenAsync("inspect", run, "--validate");
        Assert.True(validateExit == 0, validateOutput);
        var report = Path.Combine(_folder, "report.html");
        var (reportExit, reportOutput) = await RunDatagenAsync("report", run, "-o", report);
        Assert.True(reportExit == 0, reportOutput);
        Assert.Contains("p-dogs", await File.ReadAllTextAsync(report, TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Build_SequentialAndParallelRunsWriteIdenticalDatasets()
    {
        await using var server = FakeOpenAiServer.Start(Script);
        var config = WriteConfig(server.BaseUrl);
        var parallel = Path.Combine(_folder, "parallel");
        var sequential = Path.Combine(_folder, "sequential");

        var first = await RunDatagenAsync("build", "--config", config, "--out", parallel, "--no-progress");
        var second = await RunDatagenAsync("build", "--config", config, "--out", sequential, "--no-progress", "--sequential");
        Assert.True(first.ExitCode == 0, first.Output);
        Assert.True(second.ExitCode == 0, second.Output);

        foreach (var output in new[] { "samples", "sft", "dpo", "rejects" })
        {
            var a = await File.ReadAllBytesAsync(Directory.GetFiles(Path.Combine(parallel, output), "*.parquet").Single(), TestContext.Current.CancellationToken);
            var b = await File.ReadAllBytesAsync(Directory.GetFiles(Path.Combine(sequential, output), "*.parquet").Single(), TestContext.Current.CancellationToken);
            Assert.True(a.AsSpan().SequenceEqual(b), $"{output} differs between the parallel and the sequential run");
        }
    }

    [Fact]
    public async Task Build_BadConfigExitsTwoNamingTheKeyAndWritesNoDataset()
    {
        var path = Path.Combine(_folder, "pipeline.yaml");
        File.WriteAllText(path, "run:\n  seed: 1\nsampling:\n  temprature: 0.5\n");

        var (exit, output) = await RunDatagenAsync("build", "--config", path, "--out", Path.Combine(_folder, "run"));

        Assert.Equal(2, exit);
        Assert.Contains("sampling.temprature", output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_folder, "run", "sft")));
    }
}
