using System.Diagnostics;
using System.Text.Json;
using DataGen.Schemas.Parquet;
using DataGen.Stages.Emit;

namespace DataGen.Benchmarks;

/// <summary>
/// (4) The emit stage's Parquet part writer (row groups of 1000, as pipeline.yaml ships) against JSONL (System.Text.Json,
/// one object per line) of the same `samples` rows: rows/s and bytes per row, each file flushed to disk.
/// </summary>
public sealed class EmitBenchmark(BenchScale scale, string workRoot)
{
    private const int RowGroupSize = 1000;
    private const int Rounds = 3;

    public async Task<BenchmarkReport> RunAsync()
    {
        var rows = MakeRows(scale.EmitRows);
        var report = new BenchmarkReport($"4. Emit: `samples` rows, Parquet (ParquetPartWriter, row group {RowGroupSize}) vs JSONL ({rows.Count:N0} rows)");
        var folder = Path.Combine(workRoot, "emit");
        Directory.CreateDirectory(folder);
        await WriteParquetAsync(rows.Take(2000).ToList(), folder, "warm");
        await WriteJsonlAsync(rows.Take(2000).ToList(), Path.Combine(folder, "warm.jsonl"));
        double parquetRate = 0, jsonRate = 0;
        long parquetBytes = 0, jsonBytes = 0;
        for (var round = 0; round < Rounds; round++)
        {
            var clock = Stopwatch.StartNew();
            var path = await WriteParquetAsync(rows, folder, "part-00000");
            parquetRate = Math.Max(parquetRate, rows.Count / clock.Elapsed.TotalSeconds);
            parquetBytes = new FileInfo(path).Length;
            clock.Restart();
            var jsonl = Path.Combine(folder, "part-00000.jsonl");
            await WriteJsonlAsync(rows, jsonl);
            jsonRate = Math.Max(jsonRate, rows.Count / clock.Elapsed.TotalSeconds);
            jsonBytes = new FileInfo(jsonl).Length;
        }
        report.Add("Parquet rows/s (best of 3)", parquetRate, "rows/s");
        report.Add("JSONL rows/s (best of 3)", jsonRate, "rows/s");
        report.Add("Parquet / JSONL rows/s", parquetRate / jsonRate, "x", "F2");
        report.Add("Parquet bytes/row", parquetBytes / (double)rows.Count, "B");
        report.Add("JSONL bytes/row", jsonBytes / (double)rows.Count, "B");
        report.Add("Parquet / JSONL size", parquetBytes / (double)jsonBytes, "x", "F2");
        var (tenth, all) = await WriterRetainedBytesAsync(rows, folder);
        report.AddMayBeZero($"managed memory held by the Parquet writer after {rows.Count / 10:N0} rows", tenth / 1048576.0, "MiB", "F2");
        report.AddMayBeZero($"managed memory held by the Parquet writer after {rows.Count:N0} rows", all / 1048576.0, "MiB", "F2");
        report.Notes.Add("Rows are synthetic `samples` rows: a 2-message prompt, a 200-600 char response, spans on 1 in 4, a correction on 1 in 8.");
        return report;
    }

    private static async Task<string> WriteParquetAsync(List<SampleRow> rows, string folder, string name)
    {
        await using var writer = new ParquetPartWriter<SampleRow>(folder, name, RowGroupSize);
        foreach (var row in rows)
            await writer.WriteAsync(row, CancellationToken.None);
        return await writer.CompleteAsync(CancellationToken.None);
    }

    /// <summary>Live managed bytes the writer adds (full GC before and after), after a tenth of the rows and after all, before completing.</summary>
    private static async Task<(long Tenth, long All)> WriterRetainedBytesAsync(List<SampleRow> rows, string folder)
    {
        var baseline = LiveHeap.Bytes();
        long tenth = 0;
        await using var writer = new ParquetPartWriter<SampleRow>(folder, "retained", RowGroupSize);
        for (var i = 0; i < rows.Count; i++)
        {
            await writer.WriteAsync(rows[i], CancellationToken.None);
            if (i + 1 == rows.Count / 10)
                tenth = LiveHeap.Bytes() - baseline;
        }
        var all = LiveHeap.Bytes() - baseline;
        await writer.CompleteAsync(CancellationToken.None);
        return (tenth, all);
    }

    private static async Task WriteJsonlAsync(List<SampleRow> rows, string path)
    {
        await using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024, FileOptions.Asynchronous);
        byte[] newline = [(byte)'\n'];
        foreach (var row in rows)
        {
            await JsonSerializer.SerializeAsync(stream, row);
            await stream.WriteAsync(newline);
        }
        await stream.FlushAsync();
        stream.Flush(flushToDisk: true);
    }

    private static List<SampleRow> MakeRows(int count)
    {
        var responses = BenchTexts.Make(count, 200, 600, seed: 5);
        var prompts = BenchTexts.Make(Math.Max(1, count / 4), 40, 160, seed: 6);
        var rows = new List<SampleRow>(count);
        for (var i = 0; i < count; i++)
        {
            var response = responses[i];
            var toxic = i % 4 == 0;
            var corrected = i % 8 == 0;
            rows.Add(new SampleRow
            {
                PromptId = $"h{i / 4:x16}",
                SampleIndex = i % 4,
                Source = "prompts/bench.jsonl:" + (i / 4 + 1),
                Prompt = [new() { Role = "system", Content = "You are a helpful assistant." }, new() { Role = "user", Content = prompts[i / 4] }],
                Response = response,
                Backend = "openai",
                Model = "bench-model",
                Seed = 1234 + i,
                InputTokens = prompts[i / 4].Length / 4,
                OutputTokens = response.Length / 4,
                FinishReason = "stop",
                HasViolation = toxic,
                MaxScore = toxic ? 0.93f : 0.04f,
                Spans = toxic ? [new SpanColumn { Start = 40, End = 52, Score = 0.93f }] : [],
                Policy = toxic ? "sentence" : null,
                RewindChar = toxic ? 31 : null,
                ViolationEnd = toxic ? 52 : null,
                BacktrackChars = toxic ? 9 : null,
                BacktrackTokens = toxic ? 9 : null,
                Correction = corrected ? new CorrectionColumn { Continuation = responses[(i + 1) % count][..120], Attempts = 1, CorrectionScore = 0.03f } : null,
            });
        }
        return rows;
    }
}
