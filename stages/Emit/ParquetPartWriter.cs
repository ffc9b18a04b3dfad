using Parquet;
using Parquet.Serialization;

namespace DataGen.Stages.Emit;

/// <summary>
/// Writes one Parquet part file: rows are buffered and flushed as a row group every <c>rowGroupSize</c> rows into
/// "NAME.parquet.inprogress"; CompleteAsync renames it to "NAME.parquet". Disposing without completing deletes the
/// temporary file, so a crash never leaves a file that looks complete. Zero rows still give a valid schema-only file.
/// Not thread-safe: one writer per output, called in order.
/// </summary>
public sealed class ParquetPartWriter<TRow> : IAsyncDisposable
    where TRow : class, new()
{
    public const string InProgressSuffix = ".inprogress";

    private readonly int _rowGroupSize;
    private readonly string _output;
    private readonly List<TRow> _buffer = [];
    private FileStream? _stream;
    private bool _completed;

    public ParquetPartWriter(string directory, string partName, int rowGroupSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rowGroupSize, 1);
        _rowGroupSize = rowGroupSize;
        _output = Path.GetFileName(Path.TrimEndingDirectorySeparator(directory));
        Directory.CreateDirectory(directory);
        FinalPath = Path.Combine(directory, partName + ".parquet");
        TempPath = FinalPath + InProgressSuffix;
        _stream = new FileStream(TempPath, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.Asynchronous);
    }

    public string FinalPath { get; }

    public string TempPath { get; }

    public long RowCount { get; private set; }

    public int RowGroupCount { get; private set; }

    public async ValueTask WriteAsync(TRow row, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_stream is null, this);
        _buffer.Add(row);
        RowCount++;
        Telemetry.DataGenMetrics.AddRowWritten(_output);
        if (_buffer.Count >= _rowGroupSize)
            await FlushGroupAsync(cancellationToken);
    }

    /// <summary>Flushes the last group, syncs the file to disk and renames it to its final name; returns the final path.</summary>
    public async ValueTask<string> CompleteAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_stream is null, this);
        if (_buffer.Count > 0 || RowGroupCount == 0)
            await FlushGroupAsync(cancellationToken);
        await _stream.FlushAsync(cancellationToken);
        _stream.Flush(flushToDisk: true);
        await _stream.DisposeAsync();
        _stream = null;
        File.Move(TempPath, FinalPath, overwrite: true);
        _completed = true;
        return FinalPath;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_stream is not null)
                await _stream.DisposeAsync();
        }
        catch (IOException) when (!_completed)
        {
            // The part is being discarded: a failing final flush (disk full) must not keep its temporary file around.
        }
        finally
        {
            _stream = null;
            if (!_completed)
                File.Delete(TempPath);
        }
    }

    private async ValueTask FlushGroupAsync(CancellationToken cancellationToken)
    {
        var options = new ParquetOptions { Append = RowGroupCount > 0 };
        if (_buffer.Count > 0)
            options.RowGroupSize = _buffer.Count;
        // The serializer finds the existing footer itself when appending; it expects the stream at its start.
        _stream!.Position = 0;
        await ParquetSerializer.SerializeAsync(_buffer, _stream, options, cancellationToken: cancellationToken);
        _buffer.Clear();
        RowGroupCount++;
    }
}
