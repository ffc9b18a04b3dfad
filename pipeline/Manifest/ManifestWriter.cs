using System.Text.Json;
using DataGen.Stages;

namespace DataGen.Pipeline.Manifest;

/// <summary>Writes manifest.json atomically: to a temporary file in the same folder, then renamed over the final name.</summary>
public static class ManifestWriter
{
    public const string FileName = "manifest.json";

    public static JsonSerializerOptions JsonOptions { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        WriteIndented = true,
    };

    public static async Task<string> WriteAsync(string directory, RunManifest manifest, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, FileName);
        await AtomicFile.WriteAsync(path, async stream =>
        {
            await JsonSerializer.SerializeAsync(stream, manifest, JsonOptions, cancellationToken).ConfigureAwait(false);
            return path;
        }, cancellationToken).ConfigureAwait(false);
        return path;
    }
}
