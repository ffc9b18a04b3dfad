using DataGen.Pipeline.Resume;

namespace DataGen.Tests.Pipeline.Resume;

public sealed class UncommittedPartsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("datagen-parts-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Touch(string relative)
    {
        var path = Path.Combine(_folder, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "x");
        return path;
    }

    [Fact]
    public void Remove_DeletesInProgressAndPartsNoCheckpointNamed_KeepsCommittedAndOtherFiles()
    {
        Touch("samples/part-00000.parquet");
        Touch("samples/part-00001.parquet");
        Touch("samples/part-00002.parquet.inprogress");
        Touch("dpo/part-00000.parquet");
        Touch("rejects/part-00000.parquet");
        Touch("samples/notes.txt");
        Touch("manifest.json");

        var removed = UncommittedParts.Remove(_folder, ["samples/part-00000.parquet", "dpo/part-00000.parquet"]);

        Assert.Equal(3, removed);
        var left = Directory.GetFiles(_folder, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(_folder, f).Replace('\\', '/')).Order(StringComparer.Ordinal);
        Assert.Equal(["dpo/part-00000.parquet", "manifest.json", "samples/notes.txt", "samples/part-00000.parquet"], left);
    }
}
