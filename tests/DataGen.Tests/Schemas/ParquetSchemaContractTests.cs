using DataGen.Schemas.Parquet;
using Parquet;
using Parquet.Schema;
using Parquet.Serialization;

namespace DataGen.Tests.Schemas;

/// <summary>The Parquet outputs have fixed schemas: these tests fail when a column is added, renamed, retyped or its nullability changes.</summary>
public sealed class ParquetSchemaContractTests
{
    private static async Task<List<string>> ColumnsAsync<T>() where T : class, new()
    {
        using var stream = new MemoryStream();
        await ParquetSerializer.SerializeAsync(new List<T>(), stream, cancellationToken: TestContext.Current.CancellationToken);
        stream.Position = 0;
        await using var reader = await ParquetReader.CreateAsync(stream, cancellationToken: TestContext.Current.CancellationToken);
        return reader.Schema.GetDataFields().Select(Describe).ToList();
    }

    private static string Describe(DataField field)
    {
        var type = field.ClrType == typeof(ReadOnlyMemory<char>) ? "string" : field.ClrType.Name.ToLowerInvariant();
        return $"{field.Path}:{type}{(field.IsNullable ? "?" : "")}";
    }

    private static readonly string[] Messages = ["list/element/role:string", "list/element/content:string"];

    private static IEnumerable<string> Conversation(string name) => Messages.Select(m => $"{name}/{m}");

    [Fact]
    public async Task SamplesSchemaIsFixed() =>
        Assert.Equal(
            [
                "prompt_id:string", "sample_index:int32", "source:string", .. Conversation("prompt"), "response:string", "backend:string",
                "model:string", "seed:int64", "input_tokens:int64", "output_tokens:int64", "finish_reason:string?", "has_violation:boolean",
                "max_score:single", "spans/list/element/start:int32", "spans/list/element/end:int32", "spans/list/element/score:single",
                "policy:string?", "rewind_char:int32?", "violation_end:int32?", "backtrack_chars:int32?", "backtrack_tokens:int32?",
                "correction/continuation:string", "correction/attempts:int32", "correction/correction_score:single",
            ],
            await ColumnsAsync<SampleRow>());

    [Fact]
    public async Task SftSchemaIsFixed() =>
        Assert.Equal(
            [
                .. Conversation("prompt"), .. Conversation("completion"), "kind:string", "prefix:string", "violation:string", "marker:string",
                "continuation:string", "backtrack_chars:int32", "backtrack_tokens:int32", "policy:string?", "prompt_id:string", "sample_index:int32",
            ],
            await ColumnsAsync<SftRow>());

    [Fact]
    public async Task DpoSchemaIsFixed() =>
        Assert.Equal(
            [.. Conversation("prompt"), .. Conversation("chosen"), .. Conversation("rejected"), "kind:string", "prompt_id:string", "sample_index:int32", "marker:string"],
            await ColumnsAsync<DpoRow>());

    [Fact]
    public async Task RejectsSchemaIsFixed() =>
        Assert.Equal(
            ["stage:string", "reason:string", "message:string", "prompt_id:string", "sample_index:int32", "source:string", "line:int64"],
            await ColumnsAsync<RejectRow>());
}
