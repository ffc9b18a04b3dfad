using System.Diagnostics;
using System.Text.Json;

namespace DataGen.Stages.Spans.Evaluation;

/// <summary>
/// Classifies every row of an input table and writes one JSON line per row ({id, spans, max_score}) in input
/// order, keeping up to <c>concurrency</c> rows in flight so the micro-batcher can fill its batches.
/// </summary>
public sealed class ClassifyRunner(ISpanClassifier classifier, int concurrency)
{
    public async Task<ClassifyReport> RunAsync(string inputPath, string textColumn, string? idColumn, string? goldColumn,
        TextWriter output, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var metric = goldColumn is null ? null : new SpanF1();
        var inFlight = new Queue<(TableRow Row, object Id, Task<SpanPrediction> Prediction)>();
        long rows = 0, spans = 0, toxicRows = 0;
        async Task DrainOneAsync()
        {
            var (row, id, task) = inFlight.Dequeue();
            var prediction = await task;
            rows++;
            spans += prediction.Spans.Count;
            if (prediction.IsToxic)
                toxicRows++;
            if (metric is not null)
            {
                var gold = SemEvalOffsets.Parse(row.Cells[goldColumn!], $"{inputPath}:{row.Line}: column '{goldColumn}'");
                metric.Add(SpanF1.Offsets(prediction.Spans), gold);
            }
            await output.WriteLineAsync(Serialize(id, prediction));
        }
        await foreach (var row in TextTableReader.ReadAsync(inputPath, cancellationToken))
        {
            var text = Require(row, textColumn, inputPath, "--text-column")
                ?? throw new InputFileException($"{inputPath}:{row.Line}: column '{textColumn}' is null; every row needs a text");
            object id = idColumn is null ? rows + inFlight.Count : Require(row, idColumn, inputPath, "--id-column") ?? "";
            if (goldColumn is not null)
                Require(row, goldColumn, inputPath, "--gold-column");
            inFlight.Enqueue((row, id, classifier.ClassifyAsync(text, cancellationToken).AsTask()));
            if (inFlight.Count >= concurrency)
                await DrainOneAsync();
        }
        while (inFlight.Count > 0)
            await DrainOneAsync();
        await output.FlushAsync(cancellationToken);
        return new ClassifyReport(rows, toxicRows, spans, stopwatch.Elapsed, metric?.Result);
    }

    private static string? Require(TableRow row, string column, string path, string option)
    {
        if (row.Cells.TryGetValue(column, out var value))
            return value;
        throw new InputFileException($"{path}:{row.Line}: column '{column}' not found (columns: {string.Join(", ", row.Cells.Keys)}); pick one with {option}");
    }

    private static string Serialize(object id, SpanPrediction prediction)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            if (id is string s)
                json.WriteString("id", s);
            else
                json.WriteNumber("id", (long)id);
            json.WriteStartArray("spans");
            foreach (var span in prediction.Spans)
            {
                json.WriteStartObject();
                json.WriteNumber("start", span.Start);
                json.WriteNumber("end", span.End);
                json.WriteNumber("score", Math.Round(span.Score, 6));
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteNumber("max_score", Math.Round(prediction.MaxScore, 6));
            json.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
