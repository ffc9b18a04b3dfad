namespace DataGen.Stages.Training;

/// <summary>
/// Finds train.py: an absolute train.trainer as given; a relative one against the config folder first, then against
/// each folder from the datagen binary upwards (so a build inside the repository, or an install that ships trainer/
/// next to the binary, finds the bundled trainer without configuration).
/// </summary>
public static class TrainerScriptLocator
{
    public static string Locate(string setting, string configDirectory, string binaryDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(setting);
        if (Path.IsPathRooted(setting))
            return File.Exists(setting) ? setting : throw new TrainingSetupException($"train.trainer: {setting} not found; set train.trainer to the path of trainer/train.py");
        var tried = new List<string> { Path.GetFullPath(setting, configDirectory) };
        for (var dir = new DirectoryInfo(binaryDirectory); dir is not null; dir = dir.Parent)
            tried.Add(Path.GetFullPath(setting, dir.FullName));
        return tried.FirstOrDefault(File.Exists)
            ?? throw new TrainingSetupException($"train.trainer: {setting} not found in the config folder ({configDirectory}) or above the datagen binary ({binaryDirectory}); set train.trainer to the path of trainer/train.py");
    }
}
