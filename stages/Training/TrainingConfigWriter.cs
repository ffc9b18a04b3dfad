using System.Text.Json;
using System.Text.Json.Nodes;

namespace DataGen.Stages.Training;

/// <summary>Writes the trainer's CONFIG.json (format datagen-train/1, docs/train.md): all paths absolute, a skipped phase as null.</summary>
public static class TrainingConfigWriter
{
    public const string Format = "datagen-train/1";
    public const string FileName = "config.json";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static JsonObject Build(TrainOptions options, TrainingPaths paths, long seed, bool resume)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(paths);
        return new JsonObject
        {
            ["format"] = Format,
            ["seed"] = seed,
            ["device"] = options.Device,
            ["output_dir"] = Absolute(paths.OutputDirectory),
            ["resume"] = resume,
            ["model"] = Model(options.Model, paths.Model),
            ["sft"] = paths.SftData is null ? null : new JsonObject
            {
                ["data"] = Absolute(paths.SftData),
                ["epochs"] = options.Sft.Epochs,
                ["max_steps"] = options.Sft.MaxSteps,
                ["batch_size"] = options.Sft.BatchSize,
                ["learning_rate"] = options.Sft.LearningRate,
                ["prefix_loss"] = options.Sft.PrefixLoss,
                ["max_length"] = options.Sft.MaxLength,
            },
            ["dpo"] = paths.DpoData is null ? null : new JsonObject
            {
                ["data"] = Absolute(paths.DpoData),
                ["epochs"] = options.Dpo.Epochs,
                ["max_steps"] = options.Dpo.MaxSteps,
                ["batch_size"] = options.Dpo.BatchSize,
                ["learning_rate"] = options.Dpo.LearningRate,
                ["beta"] = options.Dpo.Beta,
                ["max_length"] = options.Dpo.MaxLength,
            },
            ["checkpoint_every"] = options.CheckpointEvery,
            ["export_onnx"] = options.ExportOnnx,
        };
    }

    /// <summary>Writes OUTPUT_DIR/config.json atomically and returns its path.</summary>
    public static async Task<string> WriteAsync(TrainOptions options, TrainingPaths paths, long seed, bool resume, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var config = Build(options, paths, seed, resume);
        Directory.CreateDirectory(paths.OutputDirectory);
        var path = Path.Combine(Path.GetFullPath(paths.OutputDirectory), FileName);
        await AtomicFile.WriteAllTextAsync(path, config.ToJsonString(Indented) + "\n", cancellationToken).ConfigureAwait(false);
        return path;
    }

    private static JsonObject Model(TrainModelOptions model, string path)
    {
        if (model.Kind != "hf")
            return new JsonObject { ["kind"] = model.Kind, ["path"] = Absolute(path) };
        return new JsonObject
        {
            ["kind"] = model.Kind,
            ["path"] = path,
            ["lora"] = model.Lora is not { } lora ? null : new JsonObject
            {
                ["r"] = lora.R,
                ["alpha"] = lora.Alpha,
                ["dropout"] = lora.Dropout,
                ["target_modules"] = new JsonArray([.. lora.TargetModules.Select(m => (JsonNode?)JsonValue.Create(m))]),
            },
            ["dtype"] = model.Dtype,
        };
    }

    private static string Absolute(string path) =>
        Path.IsPathRooted(path) ? path : throw new ArgumentException($"trainer config paths must be absolute: {path}", nameof(path));
}
