using System.Runtime.CompilerServices;

namespace DataGen.Stages.Prompts;

/// <summary>CSV prompts: a header row names the columns; the text (and optional id) columns are found by name.</summary>
internal sealed class CsvPromptParser(PromptSourceOptions options, string displayName, int maxLineBytes)
{
    public async IAsyncEnumerable<RawPrompt> ParseAsync(Stream stream, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        int textIndex = -1, idIndex = -1, columns = 0;
        var header = true;
        await foreach (var record in new CsvRecordReader(maxLineBytes).ReadAsync(stream, cancellationToken))
        {
            if (header)
            {
                header = false;
                if (record.Reason is not null)
                    throw new PromptSourceException($"{displayName}:{record.Line}: bad CSV header: {record.Problem}");
                columns = record.Fields.Count;
                textIndex = IndexOf(record.Fields, options.TextColumn);
                idIndex = IndexOf(record.Fields, options.IdColumn);
                if (textIndex < 0)
                {
                    throw new PromptSourceException(
                        $"{displayName}: CSV has no column '{options.TextColumn}' (columns: {string.Join(", ", record.Fields)}); set prompts.text_column to one of them");
                }
                continue;
            }
            if (record.Reason is not null)
            {
                yield return RawPrompt.Bad(record.Line, record.Reason, record.Problem!);
                continue;
            }
            if (record.Fields.Count != columns)
            {
                yield return RawPrompt.Bad(record.Line, "bad_csv",
                    $"record has {record.Fields.Count} fields but the header has {columns}; quote fields that contain commas or line breaks");
                continue;
            }
            var id = idIndex >= 0 && record.Fields[idIndex].Length > 0 ? record.Fields[idIndex] : null;
            yield return RawPrompt.FromText(record.Line, id, record.Fields[textIndex], options.TextColumn);
        }
        if (header)
            throw new PromptSourceException($"{displayName}: CSV file is empty; it needs a header row with a '{options.TextColumn}' column");
    }

    private static int IndexOf(IReadOnlyList<string> fields, string name)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            if (string.Equals(fields[i].Trim(), name, StringComparison.Ordinal))
                return i;
        }
        return -1;
    }
}
