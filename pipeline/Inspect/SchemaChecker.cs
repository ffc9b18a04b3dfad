using System.Collections.Concurrent;
using DataGen.Schemas.Parquet;
using Parquet;
using Parquet.Schema;
using Parquet.Serialization;

namespace DataGen.Pipeline.Inspect;

/// <summary>Compares a file's columns (path, type, nullability, order) with the fixed schema of its output's row class.</summary>
public static class SchemaChecker
{
    private static readonly ConcurrentDictionary<string, IReadOnlyList<string>> Expected = new(StringComparer.Ordinal);

    public static async Task<ValidationProblem?> CheckAsync(DatasetFile file, CancellationToken cancellationToken)
    {
        var expected = await ExpectedAsync(file.Output, cancellationToken);
        IReadOnlyList<string> actual;
        await using (var reader = await ParquetReader.CreateAsync(file.Path, cancellationToken: cancellationToken))
            actual = Describe(reader.Schema);
        if (expected.SequenceEqual(actual, StringComparer.Ordinal))
            return null;
        var missing = expected.Except(actual, StringComparer.Ordinal).ToList();
        var extra = actual.Except(expected, StringComparer.Ordinal).ToList();
        var detail = missing.Count == 0 && extra.Count == 0 ? "columns are out of order" : $"missing [{string.Join(", ", missing)}], unexpected [{string.Join(", ", extra)}]";
        return new ValidationProblem(file.Path, -1, "schema", $"does not match the {file.Output} schema in schemas/README.md: {detail}");
    }

    private static async Task<IReadOnlyList<string>> ExpectedAsync(string output, CancellationToken cancellationToken)
    {
        if (Expected.TryGetValue(output, out var known))
            return known;
        var schema = output switch
        {
            DatasetOutputs.Samples => await SchemaOfAsync<SampleRow>(cancellationToken),
            DatasetOutputs.Sft => await SchemaOfAsync<SftRow>(cancellationToken),
            DatasetOutputs.Dpo => await SchemaOfAsync<DpoRow>(cancellationToken),
            DatasetOutputs.Rejects => await SchemaOfAsync<RejectRow>(cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(output), output, "unknown output"),
        };
        return Expected.GetOrAdd(output, Describe(schema));
    }

    // The writer's own serializer defines the contract: an empty file written from the row class gives the expected schema.
    private static async Task<ParquetSchema> SchemaOfAsync<T>(CancellationToken cancellationToken)
        where T : class, new()
    {
        using var stream = new MemoryStream();
        await ParquetSerializer.SerializeAsync(new List<T>(), stream, cancellationToken: cancellationToken);
        stream.Position = 0;
        await using var reader = await ParquetReader.CreateAsync(stream, cancellationToken: cancellationToken);
        return reader.Schema;
    }

    private static List<string> Describe(ParquetSchema schema) =>
        [.. schema.GetDataFields().Select(f => $"{f.Path}:{(f.ClrType == typeof(ReadOnlyMemory<char>) ? "string" : f.ClrType.Name.ToLowerInvariant())}{(f.IsNullable ? "?" : "")}")];
}
