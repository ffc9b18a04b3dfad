using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Unicode;

namespace DataGen.Stages.Prompts;

/// <summary>
/// RFC 4180 records streamed from byte lines: quoted fields, doubled quotes, commas and line breaks inside quotes.
/// Embedded line breaks come back as "\n". A physical line over the byte limit rejects its record and ends it.
/// </summary>
internal sealed class CsvRecordReader(int maxLineBytes)
{
    public async IAsyncEnumerable<CsvRecord> ReadAsync(Stream stream, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var inRecord = false;
        var inQuotes = false;
        var quotedField = false;
        long startLine = 0;
        string? reason = null, problem = null;

        await foreach (var line in new Utf8LineReader(stream, maxLineBytes).ReadLinesAsync(cancellationToken))
        {
            if (line.TooLong)
            {
                yield return new CsvRecord(inRecord ? startLine : line.Number, [], "line_too_long",
                    $"line {line.Number} is longer than {maxLineBytes} bytes; shorten the field or split the record");
                fields = []; field.Clear(); inRecord = inQuotes = quotedField = false; reason = problem = null;
                continue;
            }
            if (!Utf8.IsValid(line.Bytes.Span) && reason is null)
            {
                reason = "invalid_utf8";
                problem = $"line {line.Number} is not valid UTF-8; re-encode the file as UTF-8";
            }
            var text = Encoding.UTF8.GetString(line.Bytes.Span);
            if (!inRecord)
            {
                if (string.IsNullOrWhiteSpace(text) && reason is null)
                    continue;
                inRecord = true;
                startLine = line.Number;
            }
            else
            {
                field.Append('\n');
            }
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                if (inQuotes)
                {
                    if (c != '"')
                        field.Append(c);
                    else if (i + 1 < text.Length && text[i + 1] == '"')
                        field.Append(text[++i]);
                    else
                        inQuotes = false;
                }
                else if (c == ',')
                {
                    fields.Add(field.ToString());
                    field.Clear();
                    quotedField = false;
                }
                else if (c == '"' && field.Length == 0 && !quotedField)
                {
                    inQuotes = quotedField = true;
                }
                else
                {
                    field.Append(c);
                }
            }
            if (inQuotes)
                continue;
            fields.Add(field.ToString());
            yield return new CsvRecord(startLine, fields, reason, problem);
            fields = []; field.Clear(); inRecord = quotedField = false; reason = problem = null;
        }
        if (inRecord)
        {
            yield return new CsvRecord(startLine, fields, "bad_csv",
                $"quoted field opened on line {startLine} is never closed; add the closing double quote");
        }
    }
}
