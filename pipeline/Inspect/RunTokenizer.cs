using System.Text.Json;
using DataGen.Stages.Tokenization;

namespace DataGen.Pipeline.Inspect;

/// <summary>
/// The token counter for the backtrack-count invariant: --tokenizer when given, else the run manifest's
/// config.rewind_tokenizer (RUN/manifest.json; a relative folder resolves against the run directory), else "bytes".
/// </summary>
public static class RunTokenizer
{
    public const string ManifestName = "manifest.json";

    public static ITokenCounter Resolve(string? option, string input)
    {
        if (!string.IsNullOrWhiteSpace(option))
            return TokenCounterFactory.Create(option, Environment.CurrentDirectory);
        var runDirectory = RunDirectoryOf(Path.GetFullPath(input));
        var manifest = runDirectory is null ? null : Path.Combine(runDirectory, ManifestName);
        if (manifest is null || !File.Exists(manifest))
            return Utf8ByteTokenCounter.Instance;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(manifest));
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("config", out var config) && config.ValueKind == JsonValueKind.Object
                && config.TryGetProperty("rewind_tokenizer", out var value) && value.ValueKind == JsonValueKind.String)
                return TokenCounterFactory.Create(value.GetString()!, runDirectory!);
        }
        catch (JsonException e)
        {
            throw new InspectInputException($"{manifest}: invalid JSON ({e.Message}); fix the file or pass --tokenizer");
        }
        return Utf8ByteTokenCounter.Instance;
    }

    private static string? RunDirectoryOf(string path) =>
        Directory.Exists(path) ? path : Path.GetDirectoryName(Path.GetDirectoryName(path));
}
