using System.Text;
using System.Text.Json.Serialization;
using DataGen.Schemas;
using DataGen.Stages.Prompts;
using Parquet.Serialization;

namespace DataGen.Tests.Stages.Prompts;

public sealed class PromptFileReaderTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private async Task<List<PromptReadResult>> ReadAsync(string fileName, PromptSourceOptions? options = null)
    {
        options ??= new PromptSourceOptions();
        options.Path = fileName;
        var results = new List<PromptReadResult>();
        await foreach (var result in new PromptFileReader(options, _folder.Path).ReadAsync(TestContext.Current.CancellationToken))
            results.Add(result);
        return results;
    }

    [Fact]
    public async Task Jsonl_ReadsRealToxicityPlainAndChatRecords()
    {
        _folder.Write("p.jsonl",
            "{\"prompt\":{\"text\":\"So I said\",\"toxicity\":0.1}}\n" +
            "{\"id\":\"a1\",\"prompt\":\"Tell me a story\"}\r\n" +
            "\n" +
            "{\"id\":7,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},{\"role\":\"assistant\",\"content\":\"hello\"},{\"role\":\"user\",\"content\":\"more\"}]}\n");

        var results = await ReadAsync("p.jsonl");

        Assert.All(results, r => Assert.Null(r.Reject));
        var prompts = results.Select(r => r.Prompt!).ToList();
        Assert.Equal(3, prompts.Count);
        Assert.Equal([new ChatTurn("user", "So I said")], prompts[0].Messages);
        Assert.Matches("^h[0-9a-f]{16}$", prompts[0].Id);
        Assert.Equal((1L, 0L, "p.jsonl"), (prompts[0].Line, prompts[0].Ordinal, prompts[0].Source));
        Assert.Equal("a1", prompts[1].Id);
        Assert.Equal((2L, 1L), (prompts[1].Line, prompts[1].Ordinal));
        Assert.Equal([new ChatTurn("user", "Tell me a story")], prompts[1].Messages);
        Assert.Equal("7", prompts[2].Id);
        Assert.Equal(4L, prompts[2].Line);
        Assert.Equal(["user", "assistant", "user"], prompts[2].Messages.Select(m => m.Role));
        Assert.Equal("more", prompts[2].Messages[2].Content);
    }

    [Fact]
    public async Task HashIdIsStableAcrossFilesAndDependsOnText()
    {
        _folder.Write("a.jsonl", "{\"prompt\":\"same text\"}\n{\"prompt\":\"other text\"}\n");
        _folder.Write("b.jsonl", "{\"prompt\":{\"text\":\"same text\"}}\n");

        var a = await ReadAsync("a.jsonl");
        var b = await ReadAsync("b.jsonl");

        Assert.Equal(a[0].Prompt!.Id, b[0].Prompt!.Id);
        Assert.NotEqual(a[0].Prompt!.Id, a[1].Prompt!.Id);
        var expected = "h" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes("same text")))[..16];
        Assert.Equal(expected, a[0].Prompt!.Id);
    }

    [Fact]
    public async Task Jsonl_CustomColumnsAndSystemPrompt()
    {
        _folder.Write("p.jsonl", "{\"key\":\"k1\",\"question\":\"Why?\"}\n{\"key\":\"k2\",\"messages\":[{\"role\":\"system\",\"content\":\"own\"},{\"role\":\"user\",\"content\":\"q\"}]}\n");

        var results = await ReadAsync("p.jsonl", new PromptSourceOptions { IdColumn = "key", TextColumn = "question", SystemPrompt = "Be kind." });

        Assert.Equal("k1", results[0].Prompt!.Id);
        Assert.Equal([new ChatTurn("system", "Be kind."), new ChatTurn("user", "Why?")], results[0].Prompt!.Messages);
        Assert.Equal([new ChatTurn("system", "own"), new ChatTurn("user", "q")], results[1].Prompt!.Messages);
    }

    [Fact]
    public async Task Jsonl_RealToxicityRecordsReadEvenWithACustomTextColumn()
    {
        _folder.Write("p.jsonl", "{\"prompt\":{\"text\":\"rtp text\"}}\n");

        var results = await ReadAsync("p.jsonl", new PromptSourceOptions { TextColumn = "question" });

        Assert.Equal("rtp text", Assert.Single(results).Prompt!.Messages[0].Content);
    }

    [Fact]
    public async Task Jsonl_BadLinesBecomeRejectsAndReadingContinues()
    {
        var text = new StringBuilder()
            .Append("{\"id\":\"ok1\",\"prompt\":\"fine\"}\n")          // 1
            .Append("{not json\n")                                        // 2
            .Append("{\"id\":\"x\",\"other\":\"no text\"}\n")            // 3
            .Append("{\"id\":\"e\",\"prompt\":\"   \"}\n")               // 4
            .Append("[1,2]\n")                                            // 5
            .Append("{\"messages\":[{\"role\":\"bot\",\"content\":\"x\"}]}\n") // 6
            .ToString();
        var bytes = new List<byte>(Encoding.UTF8.GetBytes(text));
        bytes.AddRange("{\"prompt\":\"bad "u8.ToArray());                 // 7: invalid UTF-8
        bytes.AddRange(new byte[] { 0xC3, 0x28 });
        bytes.AddRange("\"}\n"u8.ToArray());
        bytes.AddRange(Encoding.UTF8.GetBytes("{\"prompt\":\"" + new string('a', PromptFileReader.MaxLineBytes + 10) + "\"}\n")); // 8
        bytes.AddRange("{\"id\":\"ok1\",\"prompt\":\"again\"}\n"u8.ToArray()); // 9
        bytes.AddRange("{\"id\":\"ok2\",\"prompt\":\"last\"}"u8.ToArray());    // 10, no trailing newline
        _folder.Write("p.jsonl", bytes.ToArray());

        var results = await ReadAsync("p.jsonl");

        var rejects = results.Where(r => r.Reject is not null).Select(r => r.Reject!).ToList();
        Assert.Equal(
            ["bad_json", "missing_text", "empty_prompt", "bad_json", "bad_messages", "invalid_utf8", "line_too_long", "duplicate_prompt_id"],
            rejects.Select(r => r.Reason));
        Assert.Equal([2L, 3, 4, 5, 6, 7, 8, 9], rejects.Select(r => r.Line));
        Assert.All(rejects, r => Assert.Equal("prompts", r.Stage));
        Assert.All(rejects, r => Assert.StartsWith($"p.jsonl:{r.Line}: ", r.Message));
        Assert.All(rejects, r => Assert.Contains("; ", r.Message));
        Assert.Contains("line 1", rejects[^1].Message);
        Assert.Equal("ok1", rejects[^1].PromptId);
        var prompts = results.Where(r => r.Prompt is not null).Select(r => r.Prompt!).ToList();
        Assert.Equal(["ok1", "ok2"], prompts.Select(p => p.Id));
        Assert.Equal([0L, 1L], prompts.Select(p => p.Ordinal));
        Assert.Equal(10L, prompts[1].Line);
    }

    [Fact]
    public async Task Csv_QuotedFieldsEmbeddedNewlinesAndColumnsByName()
    {
        _folder.Write("p.csv",
            "\uFEFFnote,prompt,id\r\n" +
            "first,\"Hello, world\",a\r\n" +
            "second,\"Line one\nline \"\"two\"\"\",b\r\n" +
            "third,plain text,\r\n");

        var results = await ReadAsync("p.csv");

        var prompts = results.Select(r => r.Prompt!).ToList();
        Assert.Equal(3, prompts.Count);
        Assert.Equal(("a", "Hello, world", 2L), (prompts[0].Id, prompts[0].Messages[0].Content, prompts[0].Line));
        Assert.Equal(("b", "Line one\nline \"two\"", 3L), (prompts[1].Id, prompts[1].Messages[0].Content, prompts[1].Line));
        Assert.Equal(5L, prompts[2].Line);
        Assert.StartsWith("h", prompts[2].Id);
        Assert.Equal(2L, prompts[2].Ordinal);
    }

    [Fact]
    public async Task Csv_BadRecordsBecomeRejects()
    {
        _folder.Write("p.csv",
            "id,prompt\n" +
            "a,ok\n" +
            "b,too,many\n" +
            "c,\n" +
            "a,dup\n" +
            "d,\"never closed\n" +
            "more\n");

        var results = await ReadAsync("p.csv");

        Assert.Equal(["a"], results.Where(r => r.Prompt is not null).Select(r => r.Prompt!.Id));
        var rejects = results.Where(r => r.Reject is not null).Select(r => r.Reject!).ToList();
        Assert.Equal(["bad_csv", "empty_prompt", "duplicate_prompt_id", "bad_csv"], rejects.Select(r => r.Reason));
        Assert.Equal([3L, 4, 5, 6], rejects.Select(r => r.Line));
        Assert.Contains("never closed", rejects[^1].Message);
    }

    [Fact]
    public async Task Csv_MissingColumnThrowsNamingColumnsThatExist()
    {
        _folder.Write("p.csv", "id,question\na,hi\n");

        var ex = await Assert.ThrowsAsync<PromptSourceException>(() => ReadAsync("p.csv"));

        Assert.Contains("'prompt'", ex.Message);
        Assert.Contains("id, question", ex.Message);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public async Task MissingFileThrowsNamingThePath()
    {
        _folder.Write("other.jsonl", "{}");

        var ex = await Assert.ThrowsAsync<PromptSourceException>(() => ReadAsync("missing.jsonl"));

        Assert.Contains("missing.jsonl", ex.Message);
        Assert.Contains("other.jsonl", ex.Message);
    }

    [Fact]
    public async Task UnknownExtensionThrowsAskingForFormat()
    {
        _folder.Write("p.txt", "hello");

        var ex = await Assert.ThrowsAsync<PromptSourceException>(() => ReadAsync("p.txt"));

        Assert.Contains("prompts.format", ex.Message);
    }

    [Fact]
    public async Task Parquet_ReadsStringColumnsByNameWithRowNumbers()
    {
        var rows = new[]
        {
            new PromptRow { Id = "p1", Text = "first", Extra = "x" },
            new PromptRow { Id = null, Text = "second" },
            new PromptRow { Id = "p3", Text = " " },
            new PromptRow { Id = "p4", Text = null },
            new PromptRow { Id = "p1", Text = "dup" },
        };
        await ParquetSerializer.SerializeAsync(rows, Path.Combine(_folder.Path, "p.parquet"), cancellationToken: TestContext.Current.CancellationToken);

        var results = await ReadAsync("p.parquet", new PromptSourceOptions { TextColumn = "text" });

        var prompts = results.Where(r => r.Prompt is not null).Select(r => r.Prompt!).ToList();
        Assert.Equal("p1", prompts[0].Id);
        Assert.Equal("first", prompts[0].Messages[0].Content);
        Assert.Equal(1L, prompts[0].Line);
        Assert.StartsWith("h", prompts[1].Id);
        Assert.Equal(2L, prompts[1].Line);
        Assert.Equal(["empty_prompt", "missing_text", "duplicate_prompt_id"], results.Where(r => r.Reject is not null).Select(r => r.Reject!.Reason));
        Assert.Equal([3L, 4, 5], results.Where(r => r.Reject is not null).Select(r => r.Reject!.Line));
    }

    [Fact]
    public async Task Parquet_MissingColumnThrows()
    {
        await ParquetSerializer.SerializeAsync(new[] { new PromptRow { Id = "a", Text = "t" } }, Path.Combine(_folder.Path, "p.parquet"), cancellationToken: TestContext.Current.CancellationToken);

        var ex = await Assert.ThrowsAsync<PromptSourceException>(() => ReadAsync("p.parquet", new PromptSourceOptions { TextColumn = "prompt_text" }));

        Assert.Contains("'prompt_text'", ex.Message);
        Assert.Contains("id, text, extra", ex.Message);
    }

    [Fact]
    public async Task Parquet_GarbageFileThrows()
    {
        _folder.Write("p.parquet", "this is not parquet at all, just some text");

        await Assert.ThrowsAsync<PromptSourceException>(() => ReadAsync("p.parquet"));
    }

    public sealed class PromptRow
    {
        [JsonPropertyName("id")]
        public string? Id { get; set; }

        [JsonPropertyName("text")]
        public string? Text { get; set; }

        [JsonPropertyName("extra")]
        public string? Extra { get; set; }
    }
}
