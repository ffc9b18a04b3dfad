using DataGen.Schemas.Parquet;
using Parquet;

namespace DataGen.Pipeline.Inspect;

/// <summary>Finds the part files of a run directory, or names the output of a single Parquet file (by folder, else by columns).</summary>
public static class DatasetFileResolver
{
    public static async Task<IReadOnlyList<DatasetFile>> ResolveAsync(string input, CancellationToken cancellationToken)
    {
        var path = System.IO.Path.GetFullPath(input);
        if (Directory.Exists(path))
        {
            var files = DatasetOutputs.All
                .Select(output => (output, folder: System.IO.Path.Combine(path, output)))
                .Where(o => Directory.Exists(o.folder))
                .SelectMany(o => Directory.EnumerateFiles(o.folder, "*.parquet").Order(StringComparer.Ordinal).Select(f => new DatasetFile(o.output, f)))
                .ToList();
            if (files.Count == 0)
                throw new InspectInputException($"{path}: no samples/, sft/, dpo/ or rejects/ *.parquet files; pass a run directory written by `datagen build` or one .parquet file");
            return files;
        }
        if (!File.Exists(path))
            throw new InspectInputException($"{path}: no such file or directory; pass a run directory or a .parquet file");
        var folder = System.IO.Path.GetFileName(System.IO.Path.GetDirectoryName(path)) ?? "";
        if (DatasetOutputs.All.Contains(folder))
            return [new DatasetFile(folder, path)];
        return [new DatasetFile(await OutputFromColumnsAsync(path, cancellationToken), path)];
    }

    private static async Task<string> OutputFromColumnsAsync(string path, CancellationToken cancellationToken)
    {
        HashSet<string> columns;
        try
        {
            await using var reader = await ParquetReader.CreateAsync(path, cancellationToken: cancellationToken);
            columns = reader.Schema.Fields.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or ParquetException)
        {
            throw new InspectInputException($"{path}: not a readable Parquet file ({e.Message})");
        }
        return columns.Contains("response") ? DatasetOutputs.Samples
            : columns.Contains("completion") ? DatasetOutputs.Sft
            : columns.Contains("chosen") ? DatasetOutputs.Dpo
            : columns.Contains("reason") ? DatasetOutputs.Rejects
            : throw new InspectInputException($"{path}: columns match none of samples, sft, dpo, rejects (see schemas/README.md); put the file in a folder named after its output");
    }
}
