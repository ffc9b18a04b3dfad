using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DataGen.Stages.Llm.Replay;

/// <summary>
/// The replay cache file (SQLite in WAL mode, so readers never wait for the writer): one row per answered request,
/// keyed by <see cref="ReplayKey"/>. Each call opens a pooled connection, so any number of workers can use it at once.
/// Counts hits and misses for the manifest. A write that fails (disk full, I/O error) turns recording off for the rest
/// of the run with one warning: the answer is still used, only a later resume would ask it again.
/// </summary>
public sealed class ReplayCacheStore : IDisposable
{
    private readonly string _connectionString;
    private long _hits;
    private long _misses;
    private long _writeErrors;
    private long _readErrors;
    private readonly ILogger _logger;
    // One writer at a time: concurrent writers make SQLite answer BUSY, and Microsoft.Data.Sqlite then sleeps 150 ms
    // before retrying, which doubled the time per request at 64 requests in flight (benchmark 1).
    private readonly SemaphoreSlim _writeGate = new(1, 1);

    public ReplayCacheStore(string path, ILogger? logger = null)
    {
        _logger = logger ?? NullLogger.Instance;
        ArgumentException.ThrowIfNullOrEmpty(path);
        Path = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 60,
        }.ToString();
        using var connection = Open();
        Execute(connection, "PRAGMA journal_mode=WAL;");
        Execute(connection, """
            CREATE TABLE IF NOT EXISTS responses (
                key TEXT PRIMARY KEY,
                backend TEXT NOT NULL,
                text TEXT NOT NULL,
                finish_reason TEXT,
                model_id TEXT,
                input_tokens INTEGER,
                output_tokens INTEGER,
                total_tokens INTEGER,
                created_utc TEXT NOT NULL
            );
            """);
    }

    public string Path { get; }
    public long Hits => Interlocked.Read(ref _hits);
    public long Misses => Interlocked.Read(ref _misses);

    /// <summary>Writes that failed; after the first one nothing more is recorded.</summary>
    public long WriteErrors => Interlocked.Read(ref _writeErrors);

    /// <summary>The recorded answer, or null (a miss); a read that fails counts as a miss, with one warning.</summary>
    public async Task<CachedResponse?> TryGetAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            return await ReadAsync(key, cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException ex)
        {
            Interlocked.Increment(ref _misses);
            if (Interlocked.Increment(ref _readErrors) == 1)
                _logger.LogWarning("replay cache {Path}: could not read ({Message}); such requests go to the backend", Path, ex.Message);
            return null;
        }
    }

    private async Task<CachedResponse?> ReadAsync(string key, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT text, finish_reason, model_id, input_tokens, output_tokens, total_tokens FROM responses WHERE key = $key";
        command.Parameters.AddWithValue("$key", key);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            Interlocked.Increment(ref _misses);
            return null;
        }
        Interlocked.Increment(ref _hits);
        return new CachedResponse(
            reader.GetString(0),
            reader.IsDBNull(1) ? null : reader.GetString(1),
            reader.IsDBNull(2) ? null : reader.GetString(2),
            reader.IsDBNull(3) ? null : reader.GetInt64(3),
            reader.IsDBNull(4) ? null : reader.GetInt64(4),
            reader.IsDBNull(5) ? null : reader.GetInt64(5));
    }

    public async Task PutAsync(string key, string backend, CachedResponse response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (WriteErrors > 0)
            return;
        await _writeGate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            await WriteAsync(key, backend, response, cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException ex)
        {
            if (Interlocked.Increment(ref _writeErrors) == 1)
                _logger.LogWarning("replay cache {Path}: could not record an answer ({Message}); recording is off for the rest of this run, so a resume would ask those requests again", Path, ex.Message);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private async Task WriteAsync(string key, string backend, CachedResponse response, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT OR REPLACE INTO responses (key, backend, text, finish_reason, model_id, input_tokens, output_tokens, total_tokens, created_utc)
            VALUES ($key, $backend, $text, $finish, $model, $in, $out, $total, $created)
            """;
        command.Parameters.AddWithValue("$key", key);
        command.Parameters.AddWithValue("$backend", backend);
        command.Parameters.AddWithValue("$text", response.Text);
        command.Parameters.AddWithValue("$finish", (object?)response.FinishReason ?? DBNull.Value);
        command.Parameters.AddWithValue("$model", (object?)response.ModelId ?? DBNull.Value);
        command.Parameters.AddWithValue("$in", (object?)response.InputTokens ?? DBNull.Value);
        command.Parameters.AddWithValue("$out", (object?)response.OutputTokens ?? DBNull.Value);
        command.Parameters.AddWithValue("$total", (object?)response.TotalTokens ?? DBNull.Value);
        command.Parameters.AddWithValue("$created", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Releases pooled connections so the file can be moved or deleted.</summary>
    public void Dispose()
    {
        SqliteConnection.ClearPool(new SqliteConnection(_connectionString));
        _writeGate.Dispose();
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        // Every pooled connection keeps its own page cache (SQLite's default: 2 MiB), and the pool grows to the request
        // concurrency: 64 connections could hold 128 MiB once the file is large. Lookups are by primary key, so a
        // small cache per connection costs little.
        Execute(connection, "PRAGMA cache_size=-128;");
        // WAL with synchronous=NORMAL: a commit is not fsynced, yet survives a process crash (SIGKILL); only an OS crash
        // can lose the last answers, which a resume then asks again.
        Execute(connection, "PRAGMA synchronous=NORMAL;");
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
