using System.Text.Json;
using DataGen.Pipeline.Manifest;
using DataGen.Stages;

namespace DataGen.Pipeline.Training;

/// <summary>Writes RUN/train/manifest.json atomically (temporary file, then rename), snake_case like the run manifest.</summary>
public static class TrainingManifestWriter
{
    public const string FileName = "manifest.json";

    public static async Task<string> WriteAsync(string trainDirectory, TrainingManifest manifest, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(trainDirectory);
        var path = Path.Combine(trainDirectory, FileName);
        await AtomicFile.WriteAsync(path, async stream =>
        {
            await JsonSerializer.SerializeAsync(stream, manifest, ManifestWriter.JsonOptions, cancellationToken).ConfigureAwait(false);
            return path;
        }, cancellationToken).ConfigureAwait(false);
        return path;
    }
}
