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
        LoadedConfig loaded;
        try
        {
            loaded = configLoader.Load(build.ConfigPath);
        }
        catch (ConfigException)
        {
            return null;
        }
        if (!loaded.Config.Train.Enabled)
            return null;
        var runFolder = build.OutputDirectory is { } explicitFolder
            ? Path.GetFullPath(explicitFolder)
            : File.ReadAllText(Path.Combine(loaded.Resolve(loaded.Config.Run.Output), RunFolders.LatestFileName)).Trim();
        return new TrainRequest(build.ConfigPath, runFolder, Seed: build.Seed is { } seed && loaded.Config.Train.Seed is null ? seed : null);
    }
}
