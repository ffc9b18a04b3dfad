using System.Reflection;
using System.Text.Json.Serialization;
using DataGen.Schemas.Parquet;

namespace DataGen.Tests.Schemas;

/// <summary>schemas/README.md documents every top-level column of every Parquet output, in order, in that output's section.</summary>
public sealed class SchemasReadmeTests
{
    private static string ReadmeText()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "DataGen.sln")))
                return File.ReadAllText(Path.Combine(dir.FullName, "schemas", "README.md"));
        }
        throw new InvalidOperationException("repository root (DataGen.sln) not found above " + AppContext.BaseDirectory);
    }

    private static List<string> DocumentedColumns(string readme, string output)
    {
        var start = readme.IndexOf($"### `{output}`", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no section for {output}");
        var end = readme.IndexOf("\n#", start + 1, StringComparison.Ordinal);
        var section = readme[start..(end < 0 ? readme.Length : end)];
        return section.Split('\n')
            .Where(line => line.StartsWith("| `", StringComparison.Ordinal))
            .Select(line => line[3..line.IndexOf('`', 3)])
            .ToList();
    }

    private static List<string> Columns<T>() =>
        typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => p.GetCustomAttribute<JsonPropertyNameAttribute>()!.Name)
            .ToList();

    [Fact]
    public void EveryColumnIsDocumentedInOrder()
    {
        var readme = ReadmeText();
        Assert.Equal(Columns<SampleRow>(), DocumentedColumns(readme, DatasetOutputs.Samples));
        Assert.Equal(Columns<SftRow>(), DocumentedColumns(readme, DatasetOutputs.Sft));
        Assert.Equal(Columns<RejectRow>(), DocumentedColumns(readme, DatasetOutputs.Rejects));
        Assert.Equal(Columns<DpoRow>(), DocumentedColumns(readme, DatasetOutputs.Dpo).Take(Columns<DpoRow>().Count));
    }
}
