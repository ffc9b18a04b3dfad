using System.Runtime.CompilerServices;
using Parquet;
using Parquet.Serialization;

namespace DataGen.Pipeline.Inspect;

/// <summary>Reads a Parquet file one row group at a time, so memory stays bounded by the largest group, not the file.</summary>
public static class ParquetRowGroups
{
    public static async IAsyncEnumerable<IList<T>> ReadAsync<T>(string path, [EnumeratorCancellation] CancellationToken cancellationToken)
        where T : class, new()
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.Asynchronous);
        int groups;
        await using (var reader = await ParquetReader.CreateAsync(stream, leaveStreamOpen: true, cancellationToken: cancellationToken))
            groups = reader.RowGroupCount;
        for (var group = 0; group < groups; group++)
        {
            stream.Position = 0;
            var result = await ParquetSerializer.DeserializeAsync<T>(stream, rowGroupIndex: group, cancellationToken: cancellationToken);
            yield return result.Data;
        }
    }
}
