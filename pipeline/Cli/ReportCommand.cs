using System.CommandLine;
using DataGen.Pipeline.Inspect;
using DataGen.Stages.Tokenization;

namespace DataGen.Pipeline.Cli;

/// <summary>`datagen report RUN_DIR -o report.html`: one self-contained HTML page with the summary, charts and browsable examples.</summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var path = new Argument<string>("path") { Description = "Run directory (with samples/, sft/, dpo/, rejects/) or one .parquet file" };
        var output = new Option<string>("--output", "-o") { Description = "HTML file to write (written to a temporary name, then renamed)", DefaultValueFactory = _ => "report.html" };
        var examples = new Option<int>("--examples") { Description = "Examples embedded per output (samples, sft, dpo, rejects)", DefaultValueFactory = _ => 100 };
        var where = new Option<string[]>("--where") { Description = "Only embed examples matching KEY=VALUE (repeatable), e.g. kind=recover" };
        var validate = new Option<bool>("--validate") { Description = "Check schemas and invariants and show the result in the report", DefaultValueFactory = _ => true };
        var tokenizer = new Option<string?>("--tokenizer") { Description = "Rewind tokenizer for the backtrack-count check: bytes or a tokenizer folder (default: the run manifest's, else bytes)" };
        var command = new Command("report", "Write a self-contained HTML report of a built dataset (summary, charts, examples).")
        {
            path, output, examples, where, validate, tokenizer,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var stderr = parse.InvocationConfiguration.Error;
            try
            {
                var input = parse.GetValue(path)!;
                var count = parse.GetValue(examples);
                if (count < 0)
                    throw new InspectInputException($"--examples {count}: must be 0 or more");
                var doValidate = parse.GetValue(validate);
                var tokens = doValidate ? RunTokenizer.Resolve(parse.GetValue(tokenizer), input) : Utf8ByteTokenCounter.Instance;
                var filter = RowFilter.Parse(parse.GetValue(where) ?? [], null);
                var scan = await DatasetScanner.ScanAsync(input, new ScanOptions(doValidate, tokens, filter, count), cancellationToken);
                var target = Path.GetFullPath(parse.GetValue(output)!);
                await HtmlReportWriter.WriteAsync(target, InspectJson.Document(scan, includeExamples: true), cancellationToken);
                await stdout.WriteLineAsync($"report: {target} ({scan.Summary.Samples} samples, {scan.Examples.Count} examples{(doValidate ? $", {scan.ProblemCount} problem(s)" : "")})");
                return 0;
            }
            catch (Exception e) when (e is InspectInputException or ModelFolderException)
            {
                await stderr.WriteLineAsync($"error: {e.Message}");
                return 2;
            }
        });
        return command;
    }
}
