using DataGen.Pipeline.Build;
using DataGen.Pipeline.Config;

namespace DataGen.Pipeline.Training;

/// <summary>After a completed `datagen build`: when train.enabled, the run it just wrote is trained with the same config.</summary>
public static class BuildTrainingHandOff
{
    /// <summary>The training request for a build, or null when train.enabled is false (or the config no longer loads).</summary>
    public static TrainRequest? For(BuildRequest build, ConfigLoader configLoader)
    {
        ArgumentNullException.ThrowIfNull(build);
        ArgumentNullException.ThrowIfNull(configLoader);
        // A resumed build may name no config: it used the one its run recorded (manifest config.path).
        var resumedFolder = build.ResumeDirectory is { } resumed ? Path.GetFullPath(resumed) : null;
        var configPath = build.ConfigPath.Length > 0 || resumedFolder is null ? build.ConfigPath : RecordedConfigPath(resumedFolder);
        if (string.IsNullOrWhiteSpace(configPath))
            return null;
        LoadedConfig loaded;
        try
        {
            loaded = configLoader.Load(configPath);
        }
        catch (ConfigException)
        {
            return null;
        }
        if (!loaded.Config.Train.Enabled)
            return null;
        var runFolder = resumedFolder ?? (build.OutputDirectory is { } explicitFolder
            ? Path.GetFullPath(explicitFolder)
            : File.ReadAllText(Path.Combine(loaded.Resolve(loaded.Config.Run.Output), RunFolders.LatestFileName)).Trim());
        return new TrainRequest(configPath, runFolder, Seed: build.Seed is { } seed && loaded.Config.Train.Seed is null ? seed : null);
    }

    private static string? RecordedConfigPath(string runFolder)
    {
        var manifest = Path.Combine(runFolder, "manifest.json");
        if (!File.Exists(manifest))
            return null;
        using var document = System.Text.Json.JsonDocument.Parse(File.ReadAllText(manifest));
        return document.RootElement.TryGetProperty("config", out var config) && config.TryGetProperty("path", out var path) ? path.GetString() : null;
    }
}
