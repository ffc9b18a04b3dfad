namespace DataGen.Stages.Emit;

/// <summary>
/// One output's sequence of part files (part-00000.parquet, part-00001.parquet, …). A part is opened on the first row
/// after a commit, written as .inprogress and renamed when committed; an output that never got a row still gets one
/// schema-only part at completion, so every output folder holds a readable file. Not thread-safe.
/// </summary>
public sealed class RollingPartWriter<TRow> : IAsyncDisposable
    where TRow : class, new()
{
    private readonly string _directory;
    private readonly int _rowGroupSize;
    private readonly List<string> _files = [];
    private ParquetPartWriter<TRow>? _open;
    private int _nextIndex;

    /// <param name="committedFiles">Parts an earlier session of the run committed (absolute paths), kept and continued after.</param>
    public RollingPartWriter(string directory, int rowGroupSize, IEnumerable<string> committedFiles, long committedRows)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rowGroupSize, 1);
        _directory = directory;
        _rowGroupSize = rowGroupSize;
        foreach (var file in committedFiles)
        {
            _files.Add(file);
            _nextIndex = Math.Max(_nextIndex, PartFiles.IndexOf(file) + 1);
        }
        RowCount = committedRows;
        Directory.CreateDirectory(directory);
    }

    /// <summary>Rows over all sessions, committed or not.</summary>
    public long RowCount { get; private set; }

    /// <summary>Committed part files in order (absolute paths).</summary>
    public IReadOnlyList<string> Files => _files;

    public async ValueTask WriteAsync(TRow row, CancellationToken cancellationToken)
    {
        _open ??= new ParquetPartWriter<TRow>(_directory, PartFiles.Name(_nextIndex++), _rowGroupSize);
        await _open.WriteAsync(row, cancellationToken);
        RowCount++;
    }

    /// <summary>Closes the open part (if any): flush, sync, rename. The caller syncs the folder.</summary>
    public async ValueTask CommitAsync(CancellationToken cancellationToken)
    {
        if (_open is null)
            return;
        var path = await _open.CompleteAsync(cancellationToken);
        await _open.DisposeAsync();
        _open = null;
        _files.Add(path);
    }

    /// <summary>Commits the open part; writes a schema-only part when the output has none at all.</summary>
    public async ValueTask CompleteAsync(CancellationToken cancellationToken)
    {
        if (_open is null && _files.Count == 0)
            _open = new ParquetPartWriter<TRow>(_directory, PartFiles.Name(_nextIndex++), _rowGroupSize);
        await CommitAsync(cancellationToken);
        DirectorySync.Flush(_directory);
    }

    /// <summary>Disposing aborts the open part: its .inprogress file is deleted; committed parts stay.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_open is not null)
        {
            await _open.DisposeAsync();
            _open = null;
        }
    }
}
