using System.Text.Json;

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
        var temp = Path.Combine(directory, $".{FileName}.{Guid.NewGuid():N}.tmp");
        try
        {
            await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                await JsonSerializer.SerializeAsync(stream, manifest, JsonOptions, cancellationToken).ConfigureAwait(false);
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, path, overwrite: true);
            return path;
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }
}
