using System.Text.Json;
using DataGen.Pipeline.Config;
using DataGen.Pipeline.Training;
using DataGen.Stages.Training;
using DataGen.Tests.Infrastructure;
using DataGen.Tests.Pipeline.Inspect;
using DataGen.Tests.Pipeline.Support;
using DataGen.Tests.Stages.Training;
using Microsoft.Extensions.Logging;

namespace DataGen.Tests.Pipeline.Training;

/// <summary>TrainRunner end to end with the fake-trainer child process (real config, real Parquet, real Python probe).</summary>
public sealed class TrainRunnerTests : IAsyncLifetime
{
    private const string SystemPython = "/usr/bin/python3";
    private readonly TempConfigFolder _folder = new();
    private readonly CapturingLoggerFactory _logs = new();
    private readonly StringWriter _errors = new();
    private InspectRun _run = null!;

    public async ValueTask InitializeAsync() => _run = await InspectRun.CreateAsync(extra: 4);

    public ValueTask DisposeAsync()
    {
        _run.Dispose();
        _folder.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<(int Exit, JsonElement Manifest)> TrainAsync(string mode, string extraTrain = "")
    {
        if (!File.Exists(SystemPython))
            Assert.Skip($"{SystemPython} not present");
        var config = _folder.Write(TempConfigFolder.ValidYaml + $"""

            train:
              python: {SystemPython}
              trainer: {FakeTrainer.Script}
              model: {"{"}path: models/policy-lm{"}"}
              checkpoint_every: 1
            {extraTrain}
            """);
        var runner = new TrainRunner(new ConfigLoader(_ => null), new PythonLocator(), _logs, _errors)
        {
            TrainerEnvironment = new Dictionary<string, string> { ["FAKE_TRAINER_MODE"] = mode },
        };
        var progress = new LogTrainingProgress(_logs.CreateLogger<LogTrainingProgress>(), TimeSpan.FromMilliseconds(20));
        var exit = await runner.RunAsync(new TrainRequest(config, _run.Path, MaxSteps: 2), progress, TestContext.Current.CancellationToken);
        if (_errors.ToString().Contains("PyTorch is not importable", StringComparison.Ordinal))
            Assert.Skip($"{SystemPython} has no torch here");
        var manifest = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_run.Path, "train", "manifest.json"), TestContext.Current.CancellationToken)).RootElement;
        return (exit, manifest);
    }

    [Fact]
    public async Task RunAsync_CompletedTrainer_FillsTheTrainingManifest()
    {
        var (exit, manifest) = await TrainAsync("ok");

        Assert.True(exit == 0, _errors.ToString());
        Assert.Equal(("completed", 0, 0), (manifest.GetProperty("status").GetString(), manifest.GetProperty("exit_code").GetInt32(), manifest.GetProperty("trainer_exit_code").GetInt32()));
        var phases = manifest.GetProperty("phases").EnumerateArray().ToList();
        Assert.Equal(["sft", "dpo"], phases.Select(p => p.GetProperty("phase").GetString()));
        Assert.Equal((2L, 2.5, 2.0, true), (phases[0].GetProperty("steps").GetInt64(), phases[0].GetProperty("loss_first").GetDouble(), phases[0].GetProperty("loss_last").GetDouble(), phases[0].GetProperty("completed").GetBoolean()));
        Assert.True(phases[1].GetProperty("duration_seconds").GetDouble() >= 0);
        Assert.Equal((0.75, 0.2), (manifest.GetProperty("final_reward_accuracy").GetDouble(), manifest.GetProperty("final_reward_margin").GetDouble()));
        var train = Path.Combine(_run.Path, "train");
        Assert.Equal(Path.Combine(train, "checkpoints", "dpo-000002"), manifest.GetProperty("checkpoint").GetString());
        Assert.Equal(Path.Combine(train, "final"), manifest.GetProperty("model_dir").GetString());
        Assert.Equal((10L, 1L), (manifest.GetProperty("events").GetInt64(), manifest.GetProperty("invalid_lines").GetInt64()));
        Assert.Equal(SystemPython, manifest.GetProperty("python").GetProperty("command").GetString());
        Assert.Equal(FakeTrainer.Script, manifest.GetProperty("trainer").GetString());

        // The trainer got what the manifest says: its config names the JSONL files, whose row counts the fake echoed back in `start`.
        var trainerConfig = JsonDocument.Parse(await File.ReadAllTextAsync(manifest.GetProperty("trainer_config").GetString()!, TestContext.Current.CancellationToken)).RootElement;
        Assert.Equal((2, 2, 7L), (trainerConfig.GetProperty("sft").GetProperty("max_steps").GetInt32(), trainerConfig.GetProperty("dpo").GetProperty("max_steps").GetInt32(), trainerConfig.GetProperty("seed").GetInt64()));
        Assert.Equal(_folder.Combine("models/policy-lm"), trainerConfig.GetProperty("model").GetProperty("path").GetString());
        var data = manifest.GetProperty("data");
        Assert.Equal(File.ReadAllLines(trainerConfig.GetProperty("sft").GetProperty("data").GetString()!).Length, data.GetProperty("sft_rows").GetInt64());
        Assert.Contains(_logs.Lines, l => l.Contains("Phase sft done: 2 steps, loss 2.5 -> 2", StringComparison.Ordinal));
        Assert.Contains(_logs.Lines, l => l.Contains("Training: dpo step 2/2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_TrainerFailure_Exits1_WithTheTrainersMessage()
    {
        var (exit, manifest) = await TrainAsync("fail");

        Assert.Equal(1, exit);
        Assert.Equal(("failed", 1), (manifest.GetProperty("status").GetString(), manifest.GetProperty("trainer_exit_code").GetInt32()));
        Assert.Equal("train: loss became NaN at sft step 3; lower train.sft.learning_rate", manifest.GetProperty("error").GetString());
        Assert.Contains("error: train: loss became NaN at sft step 3", _errors.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_InvalidParquet_Exits2_BeforeStartingTheTrainer()
    {
        await File.WriteAllTextAsync(Path.Combine(_run.Path, "sft", "part-00001.parquet"), "garbage", TestContext.Current.CancellationToken);

        var (exit, manifest) = await TrainAsync("ok");

        Assert.Equal(2, exit);
        Assert.Equal("invalid", manifest.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, manifest.GetProperty("trainer_config").ValueKind);
        Assert.Equal(JsonValueKind.Null, manifest.GetProperty("trainer_exit_code").ValueKind);
        Assert.Contains("part-00001.parquet: unreadable", _errors.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_MissingRunFolder_Exits2_NamingTheFix()
    {
        var config = _folder.Write(TempConfigFolder.ValidYaml);
        var runner = new TrainRunner(new ConfigLoader(_ => null), new PythonLocator(), _logs, _errors);

        var exit = await runner.RunAsync(new TrainRequest(config, _folder.Combine("no-run")), null, TestContext.Current.CancellationToken);

        Assert.Equal(2, exit);
        Assert.Contains("--run", _errors.ToString(), StringComparison.Ordinal);
        Assert.Contains("written by `datagen build`", _errors.ToString(), StringComparison.Ordinal);
    }
}
