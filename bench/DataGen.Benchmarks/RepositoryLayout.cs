namespace DataGen.Benchmarks;

/// <summary>Paths inside the repository the benchmarks read: models, fixtures, templates and the built `datagen`.</summary>
public sealed class RepositoryLayout(string root)
{
    public string Root { get; } = root;
    public string Tagger => Path.Combine(Root, "models", "tagger");
    public string PolicyLm => Path.Combine(Root, "models", "policy-lm");
    public string FixtureClassifier => Path.Combine(Root, "tests", "DataGen.Tests", "Fixtures", "test-classifier");
    public string SynthesisTemplate => Path.Combine(Root, "prompts", "templates", "synthesis-completion.md");
    public string TorchReference => Path.Combine(Root, "bench", "torch_reference.py");
    public string DatagenDll => Path.Combine(Root, "pipeline", "bin", "Release", "net10.0", "datagen.dll");

    /// <summary>The folder holding DataGen.sln, searched upwards from <paramref name="start"/>.</summary>
    public static RepositoryLayout Find(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "DataGen.sln")))
                return new RepositoryLayout(dir.FullName);
        }
        throw new InvalidOperationException($"no DataGen.sln above {start}; pass --repo DIR");
    }
}
