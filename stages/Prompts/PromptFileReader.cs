using System.Runtime.CompilerServices;
using DataGen.Schemas;

namespace DataGen.Stages.Prompts;

/// <summary>
/// Streams prompts from a JSONL, CSV or Parquet file. Bad lines become rejects and reading goes on;
/// an unusable source (missing file, missing column, unreadable format) throws <see cref="PromptSourceException"/>.
/// </summary>
public sealed class PromptFileReader(PromptSourceOptions options, string baseDirectory)
{
    public const string StageName = "prompts";

    /// <summary>Longest accepted JSONL line / CSV physical line in bytes.</summary>
    public const int MaxLineBytes = 1024 * 1024;

    public string FullPath { get; } = Path.GetFullPath(Path.Combine(baseDirectory, options.Path));

    public async IAsyncEnumerable<PromptReadResult> ReadAsync([EnumeratorCancellation] CancellationToken ct)
    {
        var fileName = Path.GetFileName(FullPath);
        var format = ResolveFormat();
        await using var stream = Open();
        var raws = format switch
        {
            "jsonl" => new JsonlPromptParser(options, MaxLineBytes).ParseAsync(stream, ct),
            "csv" => new CsvPromptParser(options, fileName, MaxLineBytes).ParseAsync(stream, ct),
            _ => new ParquetPromptParser(options, fileName).ParseAsync(stream, ct),
        };
        var seenIds = new PromptIdSet();
        long ordinal = 0;
        await foreach (var raw in raws.WithCancellation(ct))
        {
            if (raw.Messages is null)
            {
                yield return Reject(raw.Id ?? "", raw.Line, raw.Reason!, raw.Problem!);
                continue;
            }
            var id = raw.Id ?? PromptIdentity.FromMessages(raw.Messages);
            if (!seenIds.TryAdd(id, raw.Line, out var firstLine))
            {
                yield return Reject(id, raw.Line, "duplicate_prompt_id",
                    $"prompt id '{id}' already used on line {firstLine}; give each prompt a unique id or drop the duplicate");
                continue;
            }
            yield return new PromptReadResult(new PromptRecord(id, WithSystemPrompt(raw.Messages), fileName, raw.Line, ordinal++), null);
        }

        PromptReadResult Reject(string promptId, long line, string reason, string problem) =>
            new(null, new RejectRecord(StageName, reason, $"{fileName}:{line}: {problem}", promptId, -1, fileName, line));
    }

    /// <summary>The configured system prompt goes first unless the conversation already starts with its own system message.</summary>
    private IReadOnlyList<ChatTurn> WithSystemPrompt(IReadOnlyList<ChatTurn> messages) =>
        string.IsNullOrEmpty(options.SystemPrompt) || messages is [{ Role: ChatTurn.System }, ..]
            ? messages
            : [new ChatTurn(ChatTurn.System, options.SystemPrompt), .. messages];

    private string ResolveFormat()
    {
        if (options.Format != "auto")
            return options.Format;
        return Path.GetExtension(FullPath).ToLowerInvariant() switch
        {
            ".jsonl" or ".ndjson" or ".json" => "jsonl",
            ".csv" => "csv",
            ".parquet" => "parquet",
            var other => throw new PromptSourceException(
                $"{FullPath}: cannot tell the prompt format from extension '{other}'; set prompts.format to jsonl, csv or parquet"),
        };
    }

    private FileStream Open()
    {
        try
        {
            return new FileStream(FullPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new PromptSourceException($"prompts.path: {FullPath} does not exist ({DescribeFolder()}); fix prompts.path (relative paths resolve against {baseDirectory})", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new PromptSourceException($"prompts.path: cannot read {FullPath} ({ex.Message}); check the file permissions", ex);
        }
    }

    private string DescribeFolder()
    {
        var folder = Path.GetDirectoryName(FullPath);
        if (folder is null || !Directory.Exists(folder))
            return $"folder {folder} does not exist either";
        var files = Directory.EnumerateFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal).Take(6).ToList();
        return files.Count == 0 ? $"folder {folder} is empty" : $"{folder} has: {string.Join(", ", files.Take(5))}{(files.Count > 5 ? ", ..." : "")}";
    }
}
