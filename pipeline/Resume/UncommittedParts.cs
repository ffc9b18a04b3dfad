using DataGen.Schemas.Parquet;
using DataGen.Stages.Emit;

namespace DataGen.Pipeline.Resume;

/// <summary>
/// Before a resume: deletes every .inprogress file and every part file the last checkpoint does not name (a crash
/// between renaming a part and journaling it leaves such a file; its prompts are written again by the resume).
/// </summary>
public static class UncommittedParts
{
    public static int Remove(string runFolder, IEnumerable<string> committedRelativeFiles)
    {
        var keep = committedRelativeFiles.Select(f => Path.GetFullPath(f, runFolder)).ToHashSet(StringComparer.Ordinal);
        var removed = 0;
        foreach (var output in DatasetOutputs.All)
        {
            var folder = Path.Combine(runFolder, output);
            if (!Directory.Exists(folder))
                continue;
            foreach (var file in Directory.EnumerateFiles(folder).ToList())
            {
                var stale = file.EndsWith(ParquetPartWriter<SampleRow>.InProgressSuffix, StringComparison.Ordinal)
                    || (PartFiles.IndexOf(file) >= 0 && !keep.Contains(Path.GetFullPath(file)));
                if (stale)
                {
                    File.Delete(file);
                    removed++;
                }
            }
            DirectorySync.Flush(folder);
        }
        return removed;
    }
}
