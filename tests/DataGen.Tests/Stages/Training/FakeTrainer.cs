using DataGen.Stages.Training;

namespace DataGen.Tests.Stages.Training;

/// <summary>The fake-trainer fixture (a real child process speaking the trainer protocol) and a config for it.</summary>
internal static class FakeTrainer
{
    public static string Script { get; } = Path.Combine(AppContext.BaseDirectory, "Fixtures", "fake-trainer", "fake_train.py");

    /// <summary>Any Python 3 runs the fake (it needs no torch).</summary>
    public static string Python { get; } = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";

    public static async Task<TrainerLaunch> LaunchAsync(string folder, string mode, TimeSpan? grace = null)
    {
        var data = Directory.CreateDirectory(Path.Combine(folder, "data")).FullName;
        var sft = Path.Combine(data, "sft.jsonl");
        var dpo = Path.Combine(data, "dpo.jsonl");
        await File.WriteAllTextAsync(sft, "{\"kind\":\"clean\"}\n{\"kind\":\"backtrack\"}\n{\"kind\":\"clean\"}\n", TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(dpo, "{\"kind\":\"recover\"}\n", TestContext.Current.CancellationToken);
        var config = await TrainingConfigWriter.WriteAsync(new TrainOptions(), new TrainingPaths(Path.Combine(folder, "train"), Path.Combine(folder, "model"), sft, dpo), 7, false, TestContext.Current.CancellationToken);
        return new TrainerLaunch(Python, Script, config, folder, grace ?? TimeSpan.FromSeconds(30))
        {
            Environment = new Dictionary<string, string> { ["FAKE_TRAINER_MODE"] = mode },
        };
    }
}
