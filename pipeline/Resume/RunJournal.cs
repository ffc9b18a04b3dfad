using System.Text.Json;
using System.Text.Json.Serialization;

namespace DataGen.Pipeline.Resume;

/// <summary>
/// RUN/journal.jsonl: an append-only record of a run's commits, one JSON object a line, each line flushed and
/// synced to disk before the append returns. A torn last line (the process died while appending) is ignored and
/// cut off when the journal is reopened; a bad line before the last means the file was damaged, and resume refuses.
/// </summary>
public sealed class RunJournal : IAsyncDisposable
{
    public const string FileName = "journal.jsonl";
    public const int Version = 1;

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly FileStream _stream;

    private RunJournal(FileStream stream) => _stream = stream;

    public static string PathIn(string runFolder) => Path.Combine(runFolder, FileName);

    /// <summary>Starts a new journal with its header (the file must not exist).</summary>
    public static async Task<RunJournal> CreateAsync(string runFolder, JournalHeader header, CancellationToken cancellationToken)
    {
        var stream = new FileStream(PathIn(runFolder), FileMode.CreateNew, FileAccess.Write, FileShare.Read);
        var journal = new RunJournal(stream);
        await journal.AppendAsync(new JournalEntry(Header: header), cancellationToken).ConfigureAwait(false);
        return journal;
    }

    /// <summary>Opens an existing journal for appending, cutting off a torn last line first.</summary>
    public static RunJournal OpenForAppend(string runFolder, JournalState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var stream = new FileStream(PathIn(runFolder), FileMode.Open, FileAccess.Write, FileShare.Read);
        stream.SetLength(state.ValidLength);
        stream.Seek(0, SeekOrigin.End);
        return new RunJournal(stream);
    }

    public async Task AppendAsync(JournalEntry entry, CancellationToken cancellationToken)
    {
        var line = JsonSerializer.SerializeToUtf8Bytes(entry, JsonOptions);
        var bytes = new byte[line.Length + 1];
        line.CopyTo(bytes, 0);
        bytes[^1] = (byte)'\n';
        await _stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        _stream.Flush(flushToDisk: true);
    }

    public static JournalState Read(string runFolder)
    {
        var path = PathIn(runFolder);
        if (!File.Exists(path))
            throw new JournalException($"{runFolder}: no {FileName}; --resume needs a run folder written by `datagen build` (this version or later)");
        var bytes = File.ReadAllBytes(path);
        JournalHeader? header = null;
        JournalCheckpoint? last = null;
        var sessions = 0;
        long valid = 0;
        var lineNumber = 0;
        var start = 0;
        while (start < bytes.Length)
        {
            lineNumber++;
            var end = Array.IndexOf(bytes, (byte)'\n', start);
            if (end < 0)
                break; // torn: the process died before the newline, so the line never counted
            var entry = Parse(bytes.AsSpan(start, end - start), path, lineNumber, isLast: end == bytes.Length - 1);
            if (entry is null)
                break;
            if (entry.Header is { } h)
                header = h;
            else if (entry.Session is not null)
                sessions++;
            else if (entry.Checkpoint is { } checkpoint)
                last = checkpoint;
            start = end + 1;
            valid = start;
        }
        if (header is null)
            throw new JournalException($"{path}: no header line; the journal is damaged, start a new run");
        if (header.Version != Version)
            throw new JournalException($"{path}: journal version {header.Version}, this datagen reads version {Version}");
        return new JournalState(header, sessions, last, valid);
    }

    private static JournalEntry? Parse(ReadOnlySpan<byte> line, string path, int lineNumber, bool isLast)
    {
        try
        {
            return JsonSerializer.Deserialize<JournalEntry>(line, JsonOptions)
                ?? throw new JsonException("null entry");
        }
        catch (JsonException) when (isLast)
        {
            // A last line damaged by a crash never counted: the checkpoint before it is the resume point.
            return null;
        }
        catch (JsonException ex)
        {
            throw new JournalException($"{path}:{lineNumber}: not a journal entry ({ex.Message}); the journal is damaged, start a new run", ex);
        }
    }

    public ValueTask DisposeAsync() => _stream.DisposeAsync();
}
