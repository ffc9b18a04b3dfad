using System.Runtime.CompilerServices;
using System.Text;

namespace DataGen.Stages.Spans.Evaluation;

/// <summary>RFC 4180 CSV: comma separated, "quoted" fields may hold commas, "" and line breaks; first record is the header.</summary>
public static class CsvRecordReader
{
    public static async IAsyncEnumerable<TableRow> ReadAsync(string path, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(path, Encoding.UTF8);
        var text = await reader.ReadToEndAsync(cancellationToken);
        string[]? header = null;
        foreach (var (line, fields) in Parse(text, path))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (header is null)
            {
                header = [.. fields];
                var duplicate = header.GroupBy(h => h, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
                if (duplicate is not null)
                    throw new InputFileException($"{path}:{line}: header names column '{duplicate.Key}' twice; column names must be unique");
                continue;
            }
            if (fields.Count == 1 && fields[0].Length == 0)
                continue; // blank line
            if (fields.Count != header.Length)
                throw new InputFileException($"{path}:{line}: record has {fields.Count} fields but the header has {header.Length}; quote fields that contain commas or line breaks");
            var cells = new Dictionary<string, string?>(StringComparer.Ordinal);
            for (var i = 0; i < header.Length; i++)
                cells[header[i]] = fields[i];
            yield return new TableRow(line, cells);
        }
        if (header is null)
            throw new InputFileException($"{path}: empty CSV; the first line must be a header naming the columns");
    }

    /// <summary>Records with the 1-based line each starts on.</summary>
    public static IEnumerable<(long Line, List<string> Fields)> Parse(string text, string path)
    {
        var i = 0;
        long line = 1;
        if (text.Length > 0 && text[0] == '\uFEFF')
            i = 1;
        while (i < text.Length)
        {
            var recordLine = line;
            var fields = new List<string>();
            var field = new StringBuilder();
            var endOfRecord = false;
            while (!endOfRecord)
            {
                if (i < text.Length && text[i] == '"')
                {
                    i++;
                    while (true)
                    {
                        if (i >= text.Length)
                            throw new InputFileException($"{path}:{recordLine}: quoted field is never closed; end it with \" (write a quote inside a field as \"\")");
                        var c = text[i++];
                        if (c == '"')
                        {
                            if (i < text.Length && text[i] == '"')
                            {
                                field.Append('"');
                                i++;
                                continue;
                            }
                            break;
                        }
                        if (c == '\n')
                            line++;
                        field.Append(c);
                    }
                    if (i < text.Length && text[i] is not (',' or '\r' or '\n'))
                        throw new InputFileException($"{path}:{line}: unexpected character after a closing quote; a quoted field must end at a comma or line end");
                }
                else
                {
                    while (i < text.Length && text[i] is not (',' or '\r' or '\n'))
                        field.Append(text[i++]);
                }
                fields.Add(field.ToString());
                field.Clear();
                if (i >= text.Length)
                {
                    endOfRecord = true;
                }
                else if (text[i] == ',')
                {
                    i++;
                }
                else
                {
                    if (text[i] == '\r')
                        i++;
                    if (i < text.Length && text[i] == '\n')
                        i++;
                    line++;
                    endOfRecord = true;
                }
            }
            yield return (recordLine, fields);
        }
    }
}
