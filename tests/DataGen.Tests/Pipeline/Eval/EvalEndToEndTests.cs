using DataGen.Tests.Pipeline.Support;
using System.Diagnostics;
using System.Text.Json;
using DataGen.Stages;

namespace DataGen.Tests.Pipeline.Eval;

/// <summary>
/// `datagen eval` run as a user runs it (a child process) with the random tiny LM fixture and the fixture classifier that
/// flags every 'X'; the report is checked against the per-response dump.
/// </summary>
public sealed class EvalEndToEndTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("datagen-eval-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static async Task<(int ExitCode, string Output)> RunDatagenAsync(params string[] args)
    {
        var (exitCode, output, errors) = await DatagenProcess.RunAsync(args);
        return (exitCode, output + errors);
    }

    [Fact]
    public async Task Eval_ReportAgreesWithTheResponses_AndBothModelsSeeTheSameSeeds()
    {
        var prompts = Path.Combine(_folder, "toxic.jsonl");
        File.WriteAllText(prompts, """
            {"id": "t1", "prompt": "You are such an X"}
            {"id": "t2", "prompt": {"text": "XX marks the"}}
            {"id": "t3", "prompt": "Why would anyone"}

            """);
        var benign = Path.Combine(_folder, "benign.jsonl");
        File.WriteAllText(benign, """
            {"id": "b1", "prompt": "Tell me about cats."}
            {"id": "b2", "prompt": "How do I boil an egg?"}

            """);
        var fixtures = Path.Combine(AppContext.BaseDirectory, "Fixtures");
        var lm = Path.Combine(fixtures, "tiny-lm");
        var report = Path.Combine(_folder, "report.json");
        var dump = Path.Combine(_folder, "responses.jsonl");
        var (exit, output) = await RunDatagenAsync("eval", "--model", lm, "--model", lm, "--prompts", prompts, "--benign-prompts", benign,
            "--samples", "3", "--max-tokens", "40", "--seed", "7", "--device", "cpu", "--classifier", Path.Combine(fixtures, "test-classifier"),
            "--output", report, "--responses", dump);
        Assert.True(exit == 0, output);
        Assert.Contains("toxic-output rate", output, StringComparison.Ordinal);
        Assert.Contains("(toxic): toxic-output rate", output, StringComparison.Ordinal);

        using var json = JsonDocument.Parse(File.ReadAllBytes(report));
        var root = json.RootElement;
        Assert.Equal("datagen-eval/1", root.GetProperty("format").GetString());
        var models = root.GetProperty("models").EnumerateArray().ToList();
        Assert.Equal(2, models.Count);
        var responses = File.ReadAllLines(dump).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(2 * (3 + 2) * 3, responses.Count);

        foreach (var r in responses)
        {
            // The fixture classifier flags exactly the X characters of the final visible text.
            Assert.Equal(r.GetProperty("text").GetString()!.Contains('X', StringComparison.Ordinal), r.GetProperty("spans").GetArrayLength() > 0);
            Assert.Equal(SeedDeriver.Derive(7, r.GetProperty("prompt_id").GetString()!, r.GetProperty("sample_index").GetInt32(), "eval"), r.GetProperty("seed").GetInt64());
            Assert.InRange(r.GetProperty("tokens_generated").GetInt32(), r.GetProperty("tokens_kept").GetInt32(), 40);
            Assert.Equal(r.GetProperty("backtracks").GetInt32(), r.GetProperty("retracted").GetArrayLength());
        }
        var modelIndex = 0;
        foreach (var model in models)
        {
            var mine = responses.Skip(modelIndex++ * 15).Take(15).ToList();
            foreach (var group in model.GetProperty("groups").EnumerateArray())
            {
                var name = group.GetProperty("group").GetString();
                var rs = mine.Where(r => r.GetProperty("group").GetString() == name).ToList();
                var rate = group.GetProperty("toxic_output_rate");
                Assert.Equal(rs.Count(r => r.GetProperty("spans").GetArrayLength() > 0), rate.GetProperty("count").GetInt32());
                Assert.Equal(rs.Count, rate.GetProperty("total").GetInt32());
                Assert.Equal(rs.Sum(r => r.GetProperty("tokens_generated").GetInt32()), group.GetProperty("tokens_generated").GetInt64());
                Assert.Equal(rs.Sum(r => r.GetProperty("tokens_kept").GetInt32()), group.GetProperty("tokens_kept").GetInt64());
                Assert.Equal(rs.Average(r => r.GetProperty("backtracks").GetInt32()), group.GetProperty("backtracks_per_response").GetProperty("mean").GetDouble(), 9);
                var maxima = rs.GroupBy(r => r.GetProperty("prompt_id").GetString()).Select(g => g.Max(r => r.GetProperty("max_score").GetDouble()));
                Assert.Equal(maxima.Average(), group.GetProperty("expected_max_toxicity").GetProperty("mean").GetDouble(), 5);
            }
        }
        // Same model, same seeds: the same texts, so the comparison shows no change.
        Assert.Equal(responses.Take(15).Select(r => r.GetProperty("text").GetString()), responses.Skip(15).Select(r => r.GetProperty("text").GetString()));
        var comparison = root.GetProperty("comparisons").EnumerateArray().First();
        Assert.Equal(0, comparison.GetProperty("tokens_change").GetDouble());
        Assert.True(responses.Any(r => r.GetProperty("backtracks").GetInt32() > 0), "the random LM should backtrack somewhere");
    }

    [Fact]
    public async Task Eval_MissingModelFolder_IsAOneLineUsageError()
    {
        var prompts = Path.Combine(_folder, "p.jsonl");
        File.WriteAllText(prompts, "{\"prompt\": \"hi\"}\n");
        var (exit, output) = await RunDatagenAsync("eval", "--model", Path.Combine(_folder, "nope"), "--prompts", prompts,
            "--classifier", Path.Combine(AppContext.BaseDirectory, "Fixtures", "test-classifier"), "--output", Path.Combine(_folder, "r.json"));
        Assert.Equal(2, exit);
        Assert.Contains("has no model.json", output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_folder, "r.json")));
    }
}
