using System.Text.Json.Nodes;
using DataGen.Stages.Training;

namespace DataGen.Tests.Stages.Training;

public sealed class TrainingConfigWriterTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("datagen-trainconfig-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task WriteAsync_WritesEveryContractKey_WithAbsolutePaths()
    {
        var options = new TrainOptions { Device = "cuda:1", CheckpointEvery = 50, ExportOnnx = false };
        options.Sft.MaxSteps = 2;
        options.Sft.PrefixLoss = true;
        options.Dpo.Beta = 0.25;
        var paths = new TrainingPaths(Path.Combine(_folder, "train"), "/abs/models/policy-lm", "/abs/sft.jsonl", "/abs/dpo.jsonl");

        var path = await TrainingConfigWriter.WriteAsync(options, paths, 42, resume: true, TestContext.Current.CancellationToken);

        Assert.Equal(Path.Combine(_folder, "train", "config.json"), path);
        var written = JsonNode.Parse(await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken))!;
        var expected = JsonNode.Parse($$"""
            {
              "format": "datagen-train/1", "seed": 42, "device": "cuda:1", "output_dir": "{{Path.Combine(_folder, "train")}}", "resume": true,
              "model": {"kind": "bundled", "path": "/abs/models/policy-lm"},
              "sft": {"data": "/abs/sft.jsonl", "epochs": 2, "max_steps": 2, "batch_size": 16, "learning_rate": 0.0003, "prefix_loss": true, "max_length": 512},
              "dpo": {"data": "/abs/dpo.jsonl", "epochs": 1, "max_steps": 0, "batch_size": 16, "learning_rate": 5E-05, "beta": 0.25, "max_length": 512},
              "checkpoint_every": 50, "export_onnx": false
            }
            """);
        Assert.True(JsonNode.DeepEquals(expected, written), written.ToJsonString());
        Assert.Empty(Directory.GetFiles(Path.Combine(_folder, "train"), "*.tmp"));
    }

    [Fact]
    public void Build_SkippedPhaseIsNull_HfModelCarriesLoraAndDtype()
    {
        var options = new TrainOptions { Model = new TrainModelOptions { Kind = "hf", Path = "org/model", Lora = new TrainLoraOptions { R = 4 }, Dtype = "bfloat16" } };

        var config = TrainingConfigWriter.Build(options, new TrainingPaths("/abs/train", "org/model", null, "/abs/dpo.jsonl"), 1, false);

        Assert.Null(config["sft"]);
        Assert.True(config.ContainsKey("sft"));
        var model = JsonNode.Parse("""{"kind": "hf", "path": "org/model", "lora": {"r": 4, "alpha": 16, "dropout": 0.05, "target_modules": ["q_proj", "v_proj"]}, "dtype": "bfloat16"}""");
        Assert.True(JsonNode.DeepEquals(model, config["model"]), config["model"]!.ToJsonString());
    }

    [Fact]
    public void Build_RelativeDataPath_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => TrainingConfigWriter.Build(new TrainOptions(), new TrainingPaths("/abs/train", "/abs/m", "sft.jsonl", null), 1, false));
    }
}
