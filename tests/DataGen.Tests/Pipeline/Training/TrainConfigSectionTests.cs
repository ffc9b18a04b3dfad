using DataGen.Pipeline.Config;
using DataGen.Tests.Pipeline.Support;

namespace DataGen.Tests.Pipeline.Training;

/// <summary>The `train:` section of pipeline.yaml through the real ConfigLoader.</summary>
public sealed class TrainConfigSectionTests : IDisposable
{
    private readonly TempConfigFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private LoadedConfig Load(string train) => new ConfigLoader(_ => null).Load(_folder.Write(TempConfigFolder.ValidYaml + train));

    [Fact]
    public void Load_WithoutTrainSection_UsesDefaults()
    {
        var train = Load("").Config.Train;

        Assert.Equal((false, "auto", "trainer/train.py", "bundled", "models/policy-lm", "auto"), (train.Enabled, train.Python, train.Trainer, train.Model.Kind, train.Model.Path, train.Device));
        Assert.Equal(["recover", "avoid", "clean"], train.Dpo.Kinds);
        Assert.Null(train.Seed);
    }

    [Fact]
    public void Load_EveryKey_IsBound()
    {
        var train = Load("""

            train:
              enabled: true
              python: /usr/bin/python3
              trainer: tools/train.py
              model: {kind: hf, path: org/tiny, lora: {r: 4, alpha: 8, dropout: 0.1, target_modules: [c_attn]}, dtype: float16}
              device: cuda:0
              sft: {enabled: true, epochs: 3, max_steps: 5, batch_size: 4, learning_rate: 0.001, prefix_loss: true, max_length: 256}
              dpo: {enabled: false, epochs: 2, max_steps: 6, batch_size: 2, learning_rate: 0.00001, beta: 0.2, max_length: 128, kinds: [recover]}
              checkpoint_every: 10
              export_onnx: false
              seed: 5
              cancel_grace_seconds: 3
            """).Config.Train;

        Assert.Equal((true, "/usr/bin/python3", "tools/train.py", "cuda:0", 10, false, 5L, 3.0),
            (train.Enabled, train.Python, train.Trainer, train.Device, train.CheckpointEvery, train.ExportOnnx, train.Seed, train.CancelGraceSeconds));
        Assert.Equal(("hf", "org/tiny", 4, 8, 0.1, "float16"), (train.Model.Kind, train.Model.Path, train.Model.Lora!.R, train.Model.Lora.Alpha, train.Model.Lora.Dropout, train.Model.Dtype));
        Assert.Equal(["c_attn"], train.Model.Lora.TargetModules);
        Assert.Equal((3, 5, 4, 0.001, true, 256), (train.Sft.Epochs, train.Sft.MaxSteps, train.Sft.BatchSize, train.Sft.LearningRate, train.Sft.PrefixLoss, train.Sft.MaxLength));
        Assert.Equal((false, 2, 6, 2, 0.00001, 0.2, 128), (train.Dpo.Enabled, train.Dpo.Epochs, train.Dpo.MaxSteps, train.Dpo.BatchSize, train.Dpo.LearningRate, train.Dpo.Beta, train.Dpo.MaxLength));
        Assert.Equal(["recover"], train.Dpo.Kinds);
    }

    [Fact]
    public void Load_BadValues_AreReportedWithFileLineAndKey()
    {
        var error = Assert.Throws<ConfigException>(() => Load("""

            train:
              device: gpu
              sft:
                epochs: 0
              dpo:
                kinds: [recover, sideways]
              model:
                lora: {r: 4}
              sft_epochs: 2
            """));

        var file = _folder.Combine("pipeline.yaml");
        var lines = File.ReadAllLines(file);
        int Line(string text) => Array.FindIndex(lines, l => l.Contains(text, StringComparison.Ordinal)) + 1;
        Assert.Contains($"{file}:{Line("device: gpu")}:3: train.device: 'gpu' is not allowed; use auto, cpu, cuda or cuda:N", error.Errors);
        Assert.Contains($"{file}:{Line("epochs: 0")}:5: train.sft.epochs: must be between 1 and 10000 (got 0)", error.Errors);
        Assert.Contains($"{file}:{Line("kinds: [recover, sideways]")}:5: train.dpo.kinds: 'sideways' is not allowed; use recover, avoid, clean", error.Errors);
        Assert.Contains($"{file}:{Line("lora:")}:5: train.model.lora: only for kind hf; remove it or set train.model.kind: hf", error.Errors);
        Assert.Contains(error.Errors, e => e.StartsWith($"{file}:{Line("sft_epochs")}:3: unknown key 'train.sft_epochs'", StringComparison.Ordinal));
    }
}
