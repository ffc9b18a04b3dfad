using System.Globalization;
using System.Runtime.CompilerServices;
using Parquet;
using Parquet.Schema;

namespace DataGen.Stages.Prompts;

/// <summary>Parquet prompts: top-level string text column (and optional string/integer id column) read one row group at a time.</summary>
internal sealed class ParquetPromptParser(PromptSourceOptions options, string displayName)
{
    public async IAsyncEnumerable<RawPrompt> ParseAsync(Stream stream, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ParquetReader reader;
        try
        {
            reader = await ParquetReader.CreateAsync(stream, cancellationToken: cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or InvalidOperationException or NotSupportedException)
        {
            throw new PromptSourceException($"{displayName}: not a readable Parquet file ({ex.Message}); check prompts.format and the file", ex);
        }
        await using (reader)
        {
            var topLevel = reader.Schema.Fields.OfType<DataField>().ToList();
            var textField = topLevel.FirstOrDefault(f => f.Name == options.TextColumn);
            if (textField is null || textField.ClrType != typeof(string) && textField.ClrType != typeof(ReadOnlyMemory<char>))
            {
                var what = textField is null ? "has no string column" : $"column is {textField.ClrType.Name}, not string:";
                throw new PromptSourceException(
                    $"{displayName}: Parquet {what} '{options.TextColumn}' (columns: {string.Join(", ", reader.Schema.Fields.Select(f => f.Name))}); set prompts.text_column");
            }
            var idField = topLevel.FirstOrDefault(f => f.Name == options.IdColumn);
            long row = 0;
            for (var group = 0; group < reader.RowGroupCount; group++)
            {
                using var rowGroup = reader.OpenRowGroupReader(group);
                var count = checked((int)rowGroup.RowCount);
                var texts = new string?[count];
                await rowGroup.ReadAsync(textField, texts.AsMemory(), null, cancellationToken);
                var ids = idField is null ? null : await ReadIdsAsync(rowGroup, idField, count, cancellationToken);
                for (var i = 0; i < count; i++)
                {
                    row++;
                    yield return texts[i] is { } text
                        ? RawPrompt.FromText(row, ids?[i], text, options.TextColumn)
                        : RawPrompt.Bad(row, "missing_text", $"'{options.TextColumn}' is null in row {row}; fill it or drop the row");
                }
            }
        }
    }

    private async Task<string?[]> ReadIdsAsync(ParquetRowGroupReader rowGroup, DataField field, int count, CancellationToken cancellationToken)
    {
        var ids = new string?[count];
        if (field.ClrType == typeof(string) || field.ClrType == typeof(ReadOnlyMemory<char>))
        {
            var values = new string?[count];
            await rowGroup.ReadAsync(field, values.AsMemory(), null, cancellationToken);
            for (var i = 0; i < count; i++)
                ids[i] = string.IsNullOrEmpty(values[i]) ? null : values[i];
        }
        else if (field.ClrType == typeof(long))
        {
            return await ReadNumbersAsync<long>(rowGroup, field, count, cancellationToken);
        }
        else if (field.ClrType == typeof(int))
        {
            return await ReadNumbersAsync<int>(rowGroup, field, count, cancellationToken);
        }
        else
        {
            throw new PromptSourceException($"{displayName}: Parquet id column '{options.IdColumn}' is {field.ClrType.Name}; use a string or integer column or set prompts.id_column");
        }
        return ids;
    }

    private static async Task<string?[]> ReadNumbersAsync<T>(ParquetRowGroupReader rowGroup, DataField field, int count, CancellationToken cancellationToken)
        where T : struct
    {
        var ids = new string?[count];
        if (field.IsNullable)
        {
            var values = new T?[count];
            await rowGroup.ReadAsync(field, values.AsMemory(), null, cancellationToken);
            for (var i = 0; i < count; i++)
                ids[i] = values[i] is { } v ? Convert.ToString(v, CultureInfo.InvariantCulture) : null;
        }
        else
        {
            var values = new T[count];
            await rowGroup.ReadAsync(field, values.AsMemory(), null, cancellationToken);
            for (var i = 0; i < count; i++)
                ids[i] = Convert.ToString(values[i], CultureInfo.InvariantCulture);
        }
        return ids;
    }
}
