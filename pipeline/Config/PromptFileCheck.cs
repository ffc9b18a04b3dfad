namespace DataGen.Pipeline.Config;

/// <summary>Checks prompts.path before any work: it must be a readable file with at least one non-blank byte.</summary>
internal static class PromptFileCheck
{
    // A file this small that is all whitespace holds no prompt; larger files are left to the reader (it streams).
    private const int BlankProbeBytes = 64 * 1024;

    public static string? Problem(string? path, string baseDirectory)
    {
        if (string.IsNullOrWhiteSpace(path))
            return null;
        var full = Path.GetFullPath(path, baseDirectory);
        if (Directory.Exists(full))
            return $"prompts.path: {full} is a folder, not a file; point prompts.path at the JSONL, CSV or Parquet prompt file";
        if (!File.Exists(full))
            return $"prompts.path: file not found: {full} (relative paths resolve against {baseDirectory})";
        try
        {
            using var stream = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.Read, 1);
            if (stream.Length == 0)
                return $"prompts.path: {full} is empty; add prompts (one JSON object per line for JSONL) or point prompts.path at another file";
            if (stream.Length <= BlankProbeBytes)
            {
                var bytes = new byte[stream.Length];
                stream.ReadExactly(bytes);
                if (bytes.All(b => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
                    return $"prompts.path: {full} has only blank lines; add prompts (one JSON object per line for JSONL) or point prompts.path at another file";
            }
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
        {
            return $"prompts.path: cannot read {full} ({ex.Message}); make it readable (chmod u+r) for the user running datagen";
        }
        return null;
    }
}
