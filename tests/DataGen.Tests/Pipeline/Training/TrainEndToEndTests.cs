using System.Diagnostics;
using System.Text.Json;
using DataGen.Tests.Infrastructure;
using DataGen.Tests.Pipeline.Inspect;
using DataGen.Tests.Pipeline.Support;

namespace DataGen.Tests.Pipeline.Training;

/// <summary>`datagen train` as a user runs it (child process) with the REAL bundled trainer on a tiny run, two steps per phase.</summary>
public sealed class TrainEndToEndTests
{
    [Fact]
    public async Task Train_RealTrainer_TwoStepsPerPhase_CompletesAndFillsManifest()
    {
        if (!File.Exists(RepositoryPaths.File("trainer", "train.py")))
            Assert.Skip("trainer/train.py not present");
        using var run = await InspectRun.CreateAsync(extra: 6);
        using var folder = new TempConfigFolder();
        // trainer: left at its default (trainer/train.py), found above the datagen binary; python: auto probes for torch.
        var config = folder.Write(TempConfigFolder.ValidYaml + $"""

            train:
              model: {"{"}kind: bundled, path: {RepositoryPaths.File("models", "policy-lm")}{"}"}
              device: cpu
              sft: {"{"}batch_size: 2, max_length: 256{"}"}
              dpo: {"{"}batch_size: 2, max_length: 256{"}"}
              checkpoint_every: 1
              export_onnx: true
            """);

        var (exitCode, stdout, stderr) = await DatagenProcess.RunAsync(
            TimeSpan.FromMinutes(8), "train", "--config", config, "--run", run.Path, "--max-steps", "2", "--no-progress");
        var output = stdout + stderr;

        Assert.True(exitCode == 0, output);
        var manifest = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(run.Path, "train", "manifest.json"), TestContext.Current.CancellationToken)).RootElement;
        Assert.Equal("completed", manifest.GetProperty("status").GetString());
        Assert.True(manifest.GetProperty("events").GetInt64() > 0);
        var phases = manifest.GetProperty("phases").EnumerateArray().ToList();
        Assert.Equal(["sft", "dpo"], phases.Select(p => p.GetProperty("phase").GetString()));
        Assert.All(phases, p => Assert.InRange(p.GetProperty("steps").GetInt64(), 1, 2));
        Assert.All(phases, p => Assert.Equal(JsonValueKind.Number, p.GetProperty("loss_first").ValueKind));
        Assert.Equal(JsonValueKind.Number, manifest.GetProperty("final_reward_accuracy").ValueKind);
        Assert.False(string.IsNullOrEmpty(manifest.GetProperty("checkpoint").GetString()));
        var modelDir = manifest.GetProperty("model_dir").GetString()!;
        Assert.True(File.Exists(Path.Combine(modelDir, "model.json")), modelDir);
        Assert.True(File.Exists(Path.Combine(modelDir, "model.onnx")), modelDir);
    }
}
