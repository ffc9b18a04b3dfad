namespace DataGen.Tests.Infrastructure;

/// <summary>Finds files committed in the repository (prompts/, ...) from the test output folder.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string File(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(dir.FullName, "DataGen.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException($"no DataGen.sln above {AppContext.BaseDirectory}");
    }
}
