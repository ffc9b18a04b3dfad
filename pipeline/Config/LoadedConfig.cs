namespace DataGen.Pipeline.Config;

/// <summary>A validated config with where it came from: relative paths resolve against BaseDirectory; Hash is taken before ${VAR} substitution.</summary>
public sealed record LoadedConfig(PipelineConfig Config, string ConfigPath, string BaseDirectory, string Hash)
{
    public string Resolve(string path) => System.IO.Path.GetFullPath(path, BaseDirectory);
}
