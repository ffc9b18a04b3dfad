using System.Text;
using System.Text.Json;

namespace DataGen.Stages.Spans.Evaluation;

/// <summary>Reads an input table as rows: JSON Lines (.jsonl/.json) or CSV (RFC 4180, header row, quoted multi-line fields).</summary>
public static class TextTableReader
{
    public static bool IsCsv(string path) => Path.GetExtension(path).Equals(".csv", StringComparison.OrdinalIgnoreCase);

    public static IAsyncEnumerable<TableRow> ReadAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
            throw new InputFileException($"{path}: input file not found; pass --input with a .jsonl or .csv file");
        return IsCsv(path) ? CsvRecordReader.ReadAsync(path, cancellationToken) : ReadJsonLinesAsync(path, cancellationToken);
    }

    private static async IAsyncEnumerable<TableRow> ReadJsonLinesAsync(string path, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(path, Encoding.UTF8);
        long line = 0;
        while (await reader.ReadLineAsync(cancellationToken) is { } text)
        {
            line++;
            if (string.IsNullOrWhiteSpace(text))
                continue;
            yield return ParseJsonLine(path, line, text);
        }
    }

    private static TableRow ParseJsonLine(string path, long line, string text)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException e)
        {
            throw new InputFileException($"{path}:{line}: invalid JSON ({e.Message.Split('.')[0]}); each line must be one JSON object");
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw new InputFileException($"{path}:{line}: each line must be a JSON object, got {document.RootElement.ValueKind}");
            var cells = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                cells[property.Name] = property.Value.ValueKind switch
                {
                    JsonValueKind.String => property.Value.GetString(),
                    JsonValueKind.Null => null,
                    _ => property.Value.GetRawText(),
                };
            }
            return new TableRow(line, cells);
        }
    }
}
