using System.CommandLine;
using System.Globalization;
using DataGen.Stages;
using DataGen.Stages.Spans;
using DataGen.Stages.Spans.Evaluation;
using DataGen.Stages.Tokenization;
using Microsoft.Extensions.Logging;

namespace DataGen.Pipeline.Cli;

/// <summary>`datagen classify`: tag toxic spans in a JSONL or CSV file with a token classifier; optional SemEval span F1.</summary>
internal static class ClassifyCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "Classifier folder holding classifier.json and model.onnx", Required = true };
        var input = new Option<string>("--input") { Description = "Input file: .jsonl (one JSON object a line) or .csv (RFC 4180 with a header)", Required = true };
        var textColumn = new Option<string>("--text-column") { Description = "Column holding the text", DefaultValueFactory = _ => "text" };
        var idColumn = new Option<string?>("--id-column") { Description = "Column copied to the output as id (default: 0-based row number)" };
        var goldColumn = new Option<string?>("--gold-column") { Description = "Column with gold character offsets (SemEval format \"[1, 2, 3]\"); prints span F1, precision, recall" };
        var output = new Option<string?>("--output") { Description = "Output JSONL file (written to a temporary name, then renamed); stdout when absent" };
        var threshold = new Option<float?>("--threshold") { Description = "Toxic-probability threshold in (0, 1); default: the descriptor's calibrated threshold" };
        var device = new Option<string>("--device") { Description = "auto | cpu | cuda[:N]", DefaultValueFactory = _ => "auto" };
        var batchSize = new Option<int>("--batch-size") { Description = "Most windows per ONNX run", DefaultValueFactory = _ => 32 };
        var tokenSpans = new Option<bool>("--token-spans") { Description = "Plain per-token threshold spans, ignoring the model's word post-processing (classifier.json postprocess)" };
        var command = new Command("classify", "Tag toxic spans in texts (JSONL or CSV) with a token classifier.")
        {
            model, input, textColumn, idColumn, goldColumn, output, threshold, device, batchSize, tokenSpans,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var stderr = parse.InvocationConfiguration.Error;
            var options = new ClassifierOptions
            {
                Model = parse.GetValue(model)!,
                Device = parse.GetValue(device)!,
                Threshold = parse.GetValue(threshold),
                BatchSize = parse.GetValue(batchSize),
                WordSpans = !parse.GetValue(tokenSpans),
            };
            var errors = options.Validate("--").Select(e => e.Replace("--.", "--", StringComparison.Ordinal).Replace('_', '-')).ToList();
            if (errors.Count > 0)
            {
                await stderr.WriteLineAsync($"error: {errors[0]}");
                return 2;
            }
            var outputPath = parse.GetValue(output);
            try
            {
                using var loggers = LoggerFactory.Create(b => b
                    .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace) // stdout may carry the JSONL rows
                    .AddSimpleConsole(o => o.SingleLine = true)
                    .AddFilter(level => level >= LogLevel.Information));
                await using var classifier = SpanClassifierFactory.Create(options, Environment.CurrentDirectory, loggers);
                var runner = new ClassifyRunner(classifier, Math.Max(2 * options.BatchSize, 8));
                var report = outputPath is null
                    ? await runner.RunAsync(parse.GetValue(input)!, parse.GetValue(textColumn)!, parse.GetValue(idColumn), parse.GetValue(goldColumn), stdout, cancellationToken)
                    : await WriteFileAsync(outputPath, writer => runner.RunAsync(parse.GetValue(input)!, parse.GetValue(textColumn)!, parse.GetValue(idColumn), parse.GetValue(goldColumn), writer, cancellationToken));
                // Summary goes to stderr when stdout carries the JSONL rows.
                var summary = outputPath is null ? stderr : stdout;
                await summary.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"rows {report.Rows}, toxic rows {report.ToxicRows}, spans {report.Spans}, {report.RowsPerSecond:F1} rows/s"));
                if (report.Metric is { } m)
                    await summary.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                        $"span F1 {m.F1:F4}, precision {m.Precision:F4}, recall {m.Recall:F4} over {m.Texts} texts"));
                return 0;
            }
            catch (Exception e) when (e is ModelFolderException or InputFileException or ArgumentException)
            {
                await stderr.WriteLineAsync($"error: {e.Message}");
                return 2;
            }
        });
        return command;
    }

    private static async Task<ClassifyReport> WriteFileAsync(string path, Func<TextWriter, Task<ClassifyReport>> write)
    {
        path = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(path)!;
        if (!Directory.Exists(directory))
            throw new InputFileException($"{path}: output folder {directory} does not exist; create it or pick another --output");
        return await AtomicFile.WriteAsync(path, async stream =>
        {
            await using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false), leaveOpen: true);
            var report = await write(writer);
            await writer.FlushAsync();
            return report;
        });
    }
}
