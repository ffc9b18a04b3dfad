using System.Text.Json;
using DataGen.Pipeline.Engine;
using DataGen.Pipeline.Manifest;

namespace DataGen.Tests.Pipeline.Manifest;

public sealed class ManifestWriterTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("datagen-manifest-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static RunManifest Manifest(string status, int exitCode)
    {
        var counters = new RunCounters([new StageCounters("sampling", 2)], promptTotal: 3);
        var started = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
        return ManifestBuilder.Build(new EngineResult(status, exitCode, null, null), counters,
            new ManifestConfig("pipeline.yaml", new string('0', 64), null, false), 42, [], started, started.AddSeconds(90));
    }

    [Fact]
    public async Task The_manifest_replaces_the_previous_one_and_leaves_no_temporary_file()
    {
        await ManifestWriter.WriteAsync(_folder, Manifest("cancelled", 130), TestContext.Current.CancellationToken);
        var path = await ManifestWriter.WriteAsync(_folder, Manifest("completed", 0), TestContext.Current.CancellationToken);

        Assert.Equal([path], Directory.GetFiles(_folder));
        var root = JsonDocument.Parse(File.ReadAllText(path)).RootElement;
        Assert.Equal("completed", root.GetProperty("status").GetString());
        Assert.Equal(90, root.GetProperty("duration_seconds").GetDouble());
        Assert.Equal(2, root.GetProperty("stages").GetArrayLength());
        Assert.Equal("prompts", root.GetProperty("stages")[0].GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_write_that_fails_midway_keeps_the_previous_manifest_whole()
    {
        var path = await ManifestWriter.WriteAsync(_folder, Manifest("completed", 0), TestContext.Current.CancellationToken);
        var before = await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ManifestWriter.WriteAsync(_folder, Manifest("failed", 1), new CancellationToken(canceled: true)));

        Assert.Equal(before, await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken));
        Assert.Equal([path], Directory.GetFiles(_folder));
    }
}
