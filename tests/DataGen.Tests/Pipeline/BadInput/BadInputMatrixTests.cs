using DataGen.Tests.Pipeline.Support;
using System.Diagnostics;
using System.Text;
using DataGen.Schemas.Parquet;
using DataGen.Tests.Infrastructure;
using DataGen.Tests.Pipeline.Serve;
using Parquet.Serialization;

namespace DataGen.Tests.Pipeline.BadInput;

/// <summary>
/// Bad input, one row per case, each through the real `datagen build` child process: a non-zero exit (2 for config,
/// usage and input errors, 1 for a run that fails), a first error line on stderr that names the file (and line or key)
/// and the fix, and no dataset or temporary file left in the output folder. Bad single prompt lines are not fatal:
/// they are recorded as rejects with file:line and reason, and the run goes on (see docs/errors.md).
/// </summary>
public sealed class BadInputMatrixTests : IDisposable
{
    private readonly SmallRunFolder _folder = new("datagen-bad-");

    public void Dispose() => _folder.Dispose();

    private static FakeReply Clean(FakeChatRequest request) => FakeReply.Text("A calm and friendly answer.");

    public static TheoryData<string> FatalCases => new()
    {
        "malformed-yaml", "unknown-key", "missing-onnx-model", "wrong-signature-onnx-model", "prompt-path-is-a-folder",
        "unreadable-prompt-file", "empty-prompt-file", "blank-prompt-file", "output-folder-not-writable", "disk-full",
    };

    [Theory]
    [MemberData(nameof(FatalCases))]
    public async Task Build_BadInputExitsNonZeroWithOneLineErrorAndLeavesNoHalfWrittenFile(string name)
    {
        await using var server = FakeOpenAiServer.Start(name == "disk-full" ? Verbose : Clean);
        _folder.WritePrompts(3);
        var run = _folder.Combine("run");
        var yaml = SmallRunFolder.Yaml(server.BaseUrl);
        int expectedExit;
        string[] mustContain;
        using var mount = new Mounts();
        switch (name)
        {
            case "malformed-yaml":
                yaml = yaml.Replace("  seed: 5", "  seed: [5", StringComparison.Ordinal);
                (expectedExit, mustContain) = (2, ["pipeline.yaml:", "malformed YAML"]);
                break;
            case "unknown-key":
                yaml = yaml.Replace("  max_tokens: 32", "  max_tokens: 32\n  temprature: 0.5", StringComparison.Ordinal);
                (expectedExit, mustContain) = (2, ["pipeline.yaml:", "unknown key 'sampling.temprature'", "did you mean 'temperature'"]);
                break;
            case "missing-onnx-model":
                yaml = ReplaceClassifier(yaml, _folder.Combine("no-such-model"));
                (expectedExit, mustContain) = (2, ["pipeline.yaml:", "classifier.model: folder not found", "no-such-model"]);
                break;
            case "wrong-signature-onnx-model":
                var model = Directory.CreateDirectory(_folder.Combine("bad-model")).FullName;
                var fixtures = Path.Combine(AppContext.BaseDirectory, "Fixtures");
                File.Copy(Path.Combine(fixtures, "test-classifier", "classifier.json"), Path.Combine(model, "classifier.json"));
                File.Copy(Path.Combine(fixtures, "test-classifier-bad-signatures", "no-logits", "model.onnx"), Path.Combine(model, "model.onnx"));
                yaml = ReplaceClassifier(yaml, model);
                (expectedExit, mustContain) = (2, [Path.Combine(model, "model.onnx"), "no output 'logits'", "export logits"]);
                break;
            case "prompt-path-is-a-folder":
                // How an unreadable prompt path looks to root, who reads any file whatever its mode.
                File.Delete(_folder.Combine("prompts.jsonl"));
                Directory.CreateDirectory(_folder.Combine("prompts.jsonl"));
                (expectedExit, mustContain) = (2, ["pipeline.yaml:", "prompts.path:", "is a folder, not a file", "point prompts.path at"]);
                break;
            case "unreadable-prompt-file":
                File.SetUnixFileMode(_folder.Combine("prompts.jsonl"), UnixFileMode.None);
                if (CanStillRead(_folder.Combine("prompts.jsonl")))
                    Assert.Skip("running as root: mode 000 does not stop reads here; the prompt-path-is-a-folder row covers an unreadable path");
                (expectedExit, mustContain) = (2, ["pipeline.yaml:", "prompts.path: cannot read", "chmod u+r"]);
                break;
            case "empty-prompt-file":
                File.WriteAllBytes(_folder.Combine("prompts.jsonl"), []);
                (expectedExit, mustContain) = (2, ["pipeline.yaml:", "prompts.jsonl is empty", "add prompts"]);
                break;
            case "blank-prompt-file":
                File.WriteAllText(_folder.Combine("prompts.jsonl"), "\n\n  \n");
                (expectedExit, mustContain) = (2, ["pipeline.yaml:", "prompts.jsonl has only blank lines", "add prompts"]);
                break;
            case "output-folder-not-writable":
                // Root writes anywhere, so the folder is made impossible instead: a file sits where it must go.
                File.WriteAllText(_folder.Combine("taken"), "not a folder");
                run = _folder.Combine("taken/run");
                (expectedExit, mustContain) = (2, [_folder.Combine("taken") + " is a file, not a folder", "choose a writable folder with --out"]);
                break;
            case "disk-full":
                var small = Directory.CreateDirectory(_folder.Combine("small")).FullName;
                if (!mount.TryTmpfs(small, "64k", out var why))
                    Assert.Skip($"cannot mount a 64 KiB tmpfs to fill ({why}); needs root or CAP_SYS_ADMIN");
                _folder.WritePrompts(40);
                run = Path.Combine(small, "run");
                (expectedExit, mustContain) = (1, ["No space left on device", "part-00000.parquet", "free space there or point --out"]);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(name), name, "no such case");
        }
        var config = _folder.WriteConfig(yaml);

        var (exit, stderr) = await RunBuildAsync(config, run);

        Assert.True(exit == expectedExit, $"exit {exit}, expected {expectedExit}:\n{stderr}");
        var first = FirstErrorLine(stderr);
        Assert.True(first is not null, $"no error line:\n{stderr}");
        foreach (var fragment in mustContain)
            Assert.True(first.Contains(fragment, StringComparison.Ordinal), $"first error line lacks '{fragment}': {first}");
        Assert.DoesNotContain("Unhandled exception", stderr, StringComparison.Ordinal);
        Assert.Empty(Leftovers(run));
    }

    [Fact]
    public async Task Build_DuplicatePromptIdIsARejectNamingBothLinesAndTheRunGoesOn()
    {
        File.WriteAllText(_folder.Combine("prompts.jsonl"), """
            {"id": "a", "prompt": "First."}
            {"id": "a", "prompt": "Second with the same id."}
            {"id": "b", "prompt": "Third."}

            """);
        var rejects = await RunAndReadRejectsAsync();

        var reject = Assert.Single(rejects);
        Assert.Equal(("prompts", "duplicate_prompt_id", 2L), (reject.Stage, reject.Reason, reject.Line));
        Assert.Contains("prompts.jsonl:2: prompt id 'a' already used on line 1; give each prompt a unique id", reject.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Build_InvalidUtf8LineIsARejectWithItsLineAndTheRunGoesOn()
    {
        var bytes = new List<byte>();
        bytes.AddRange(Encoding.UTF8.GetBytes("{\"id\": \"a\", \"prompt\": \"Fine.\"}\n{\"id\": \"b\", \"prompt\": \"bad "));
        bytes.AddRange([0xFF, 0xFE, 0xC3]);
        bytes.AddRange(Encoding.UTF8.GetBytes("\"}\n{\"id\": \"c\", \"prompt\": \"Also fine.\"}\n"));
        File.WriteAllBytes(_folder.Combine("prompts.jsonl"), [.. bytes]);

        var rejects = await RunAndReadRejectsAsync();

        var reject = Assert.Single(rejects);
        Assert.Equal(("prompts", "invalid_utf8", 2L), (reject.Stage, reject.Reason, reject.Line));
        Assert.StartsWith("prompts.jsonl:2:", reject.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Build_TenMegabyteLineIsARejectWithItsLineAndDoesNotStopTheRun()
    {
        using (var writer = new StreamWriter(_folder.Combine("prompts.jsonl")))
        {
            await writer.WriteLineAsync("{\"id\": \"a\", \"prompt\": \"Fine.\"}");
            await writer.WriteAsync("{\"id\": \"b\", \"prompt\": \"");
            await writer.WriteAsync(new string('x', 10 * 1024 * 1024));
            await writer.WriteLineAsync("\"}");
            await writer.WriteLineAsync("{\"id\": \"c\", \"prompt\": \"Also fine.\"}");
        }

        var rejects = await RunAndReadRejectsAsync();

        var reject = Assert.Single(rejects);
        Assert.Equal(("prompts", "line_too_long", 2L), (reject.Stage, reject.Reason, reject.Line));
        Assert.StartsWith("prompts.jsonl:2:", reject.Message, StringComparison.Ordinal);
        // The reject says what was wrong without carrying the 10 MB payload.
        Assert.True(reject.Message.Length < 1000, $"reject message is {reject.Message.Length} chars");
    }

    private async Task<IList<RejectRow>> RunAndReadRejectsAsync()
    {
        var server = FakeOpenAiServer.Start(Clean);
        await using (server)
        {
            var config = _folder.WriteConfig(SmallRunFolder.Yaml(server.BaseUrl));
            var run = _folder.Combine("run");
            var (exit, stderr) = await RunBuildAsync(config, run);
            Assert.True(exit == 0, stderr);
            Assert.Equal(4, (await ParquetSerializer.DeserializeAsync<SampleRow>(Path.Combine(run, "samples", "part-00000.parquet"), cancellationToken: TestContext.Current.CancellationToken)).Data.Count);
            return (await ParquetSerializer.DeserializeAsync<RejectRow>(Path.Combine(run, "rejects", "part-00000.parquet"), cancellationToken: TestContext.Current.CancellationToken)).Data;
        }
    }

    // Long, varied replies so a few dozen rows overflow a 64 KiB filesystem even after compression.
    private static FakeReply Verbose(FakeChatRequest request)
    {
        var random = new Random(request.Index);
        var words = Enumerable.Range(0, 400).Select(_ => $"w{random.Next(1_000_000):x}");
        return FakeReply.Text(string.Join(' ', words));
    }

    private static string ReplaceClassifier(string yaml, string folder)
    {
        var start = yaml.IndexOf("  model: ", yaml.IndexOf("classifier:", StringComparison.Ordinal), StringComparison.Ordinal);
        var end = yaml.IndexOf('\n', start);
        return string.Concat(yaml.AsSpan(0, start), $"  model: {folder}", yaml.AsSpan(end));
    }

    private static bool CanStillRead(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            return true;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static string? FirstErrorLine(string stderr) =>
        stderr.Split('\n').FirstOrDefault(l => l.StartsWith("error: ", StringComparison.Ordinal) || l.Contains(" fail: ", StringComparison.Ordinal) || l.Contains(" crit: ", StringComparison.Ordinal));

    private static IEnumerable<string> Leftovers(string run) =>
        Directory.Exists(run)
            ? Directory.EnumerateFiles(run, "*", SearchOption.AllDirectories).Where(f => f.EndsWith(".parquet", StringComparison.Ordinal) || f.EndsWith(".inprogress", StringComparison.Ordinal) || f.EndsWith(".tmp", StringComparison.Ordinal))
            : [];

    private static async Task<(int ExitCode, string Stderr)> RunBuildAsync(string config, string run)
    {
        var (exitCode, _, errors) = await DatagenProcess.RunAsync("build", "--config", config, "--out", run, "--no-progress");
        return (exitCode, errors);
    }
}
