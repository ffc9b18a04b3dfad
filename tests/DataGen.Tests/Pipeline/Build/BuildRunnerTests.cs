using System.Text.Json;
using DataGen.Pipeline;
using DataGen.Pipeline.Build;
using DataGen.Pipeline.Config;
using DataGen.Pipeline.Manifest;
using DataGen.Stages;
using DataGen.Tests.Pipeline.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace DataGen.Tests.Pipeline.Build;

public sealed class BuildRunnerTests : IDisposable
{
    private readonly TempConfigFolder _folder = new();
    private readonly StringWriter _errors = new();

    public void Dispose()
    {
        _folder.Dispose();
        _errors.Dispose();
    }

    private BuildRunner Runner(IPipelineComposer composer) => new(composer, new ConfigLoader(_ => null), NullLoggerFactory.Instance, _errors);

    private static JsonElement ReadManifest(string folder) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, ManifestWriter.FileName))).RootElement;

    [Fact]
    public async Task A_completed_run_writes_the_manifest_with_its_counts_and_names_the_run_folder_in_latest()
    {
        var configPath = _folder.Write(TempConfigFolder.ValidYaml);
        var chain = new TestChain
        {
            SamplesPerPrompt = 2,
            Failure = (key, stage) => key is { PromptId: "p0002", SampleIndex: 1 } && stage == TestChain.Rewind ? new RowRejectedException("no_boundary", "no clause boundary") : null,
        };
        var composer = new TestComposer(chain, prompts: 6);

        var exit = await Runner(composer).RunAsync(new BuildRequest(configPath, Seed: 99), progress: null, TestContext.Current.CancellationToken);

        Assert.Equal(ExitCodes.Ok, exit);
        var runFolder = composer.Build!.OutputDirectory;
        Assert.StartsWith(_folder.Combine("output/runs/"), runFolder, StringComparison.Ordinal);
        Assert.Equal(runFolder, File.ReadAllText(_folder.Combine("output/latest")).Trim());
        Assert.Equal(99, composer.Build.RunSeed);
        Assert.True(composer.Sink!.Completed);
        Assert.Equal([ManifestWriter.FileName], Directory.GetFiles(runFolder).Select(Path.GetFileName));

        var manifest = ReadManifest(runFolder);
        Assert.Equal("completed", manifest.GetProperty("status").GetString());
        Assert.Equal(0, manifest.GetProperty("exit_code").GetInt32());
        Assert.Equal(99, manifest.GetProperty("seeds").GetProperty("run").GetInt64());
        Assert.Equal(new ConfigLoader(_ => null).Load(configPath).Hash, manifest.GetProperty("config").GetProperty("hash").GetString());
        Assert.Equal(11, manifest.GetProperty("rows_written").GetInt64());
        Assert.Equal(1, manifest.GetProperty("rejects_by_reason").GetProperty("no_boundary").GetInt64());
        var stages = manifest.GetProperty("stages").EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!);
        Assert.Equal(["prompts", "sampling", "spans", "rewind", "synthesis"], stages.Keys);
        Assert.Equal((6, 12, 0), Counts(stages["sampling"]));
        Assert.Equal((12, 11, 1), Counts(stages["rewind"]));
        Assert.Equal((11, 11, 0), Counts(stages["synthesis"]));
        Assert.Equal(36, manifest.GetProperty("token_usage_by_backend").GetProperty("test-backend").GetProperty("input_tokens").GetInt64());
        Assert.Equal(11, manifest.GetProperty("outputs").GetProperty("rows_per_output").GetProperty("samples").GetInt64());
        Assert.Equal("token-classifier", manifest.GetProperty("models")[0].GetProperty("kind").GetString());
    }

    private static (long In, long Out, long Rejected) Counts(JsonElement stage) =>
        (stage.GetProperty("in").GetInt64(), stage.GetProperty("out").GetInt64(), stage.GetProperty("rejected").GetInt64());

    [Fact]
    public async Task A_cancelled_run_aborts_the_sink_and_its_manifest_says_cancelled()
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var writes = 0;
        var composer = new TestComposer(new TestChain { SamplesPerPrompt = 2 }, prompts: 500, beforeWrite: _ =>
        {
            if (Interlocked.Increment(ref writes) == 10)
                cancel.Cancel();
            return Task.CompletedTask;
        });
        var outFolder = _folder.Combine("explicit-run");

        var exit = await Runner(composer).RunAsync(new BuildRequest(_folder.Write(TempConfigFolder.ValidYaml), OutputDirectory: outFolder), null, cancel.Token);

        Assert.Equal(ExitCodes.Cancelled, exit);
        Assert.False(composer.Sink!.Completed);
        Assert.True(composer.Sink.Disposed);
        var manifest = ReadManifest(outFolder);
        Assert.Equal("cancelled", manifest.GetProperty("status").GetString());
        Assert.Equal(130, manifest.GetProperty("exit_code").GetInt32());
        Assert.Equal(JsonValueKind.Null, manifest.GetProperty("outputs").ValueKind);
        Assert.False(File.Exists(_folder.Combine("output/latest")), "an explicit --out does not move latest");
    }

    [Fact]
    public async Task A_config_error_exits_2_with_every_error_and_starts_nothing()
    {
        var composer = new TestComposer(new TestChain(), prompts: 1);
        var yaml = TempConfigFolder.ValidYaml.Replace("seed: 7", "sed: 7", StringComparison.Ordinal).Replace("temperature: 0.7", "temperature: -1", StringComparison.Ordinal);

        var exit = await Runner(composer).RunAsync(new BuildRequest(_folder.Write(yaml)), null, TestContext.Current.CancellationToken);

        Assert.Equal(ExitCodes.ConfigError, exit);
        Assert.Null(composer.Build);
        Assert.False(Directory.Exists(_folder.Combine("output")));
        var lines = _errors.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Contains(lines, l => l.Contains("unknown key 'run.sed'; did you mean 'seed'?", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("sampling.temperature: must be between 0 and 5", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_run_whose_model_cannot_be_loaded_exits_two_with_a_manifest_saying_why()
    {
        // The config checks pass (the model folders exist) but the tagger folder holds no classifier.json.
        var outFolder = _folder.Combine("unloadable");

        var exit = await Runner(new PipelineComposer()).RunAsync(new BuildRequest(_folder.Write(TempConfigFolder.ValidYaml), OutputDirectory: outFolder), null, TestContext.Current.CancellationToken);

        // An unusable model folder is an input error: exit 2 with one error line, and the manifest records it.
        Assert.Equal(ExitCodes.ConfigError, exit);
        Assert.Contains("classifier.json", Assert.Single(_errors.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
        var manifest = ReadManifest(outFolder);
        Assert.Equal("failed", manifest.GetProperty("status").GetString());
        Assert.Contains("classifier.json", manifest.GetProperty("error").GetString(), StringComparison.Ordinal);
    }
}
