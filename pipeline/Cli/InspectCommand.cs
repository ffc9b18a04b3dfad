using System.CommandLine;
using DataGen.Pipeline.Inspect;
using DataGen.Stages.Tokenization;

namespace DataGen.Pipeline.Cli;

/// <summary>`datagen inspect RUN_DIR | FILE.parquet`: summary tables, examples with highlighted spans, --validate, --format json.</summary>
internal static class InspectCommand
{
    private const int DefaultExamples = 5;

    public static Command Create()
    {
        var path = new Argument<string>("path") { Description = "Run directory (with samples/, sft/, dpo/, rejects/) or one .parquet file" };
        var show = new Option<int?>("--show") { Description = "Show up to N example rows per output (default 5 when --id or --where is given)" };
        var id = new Option<string?>("--id") { Description = "Show rows of this prompt id, or of one sample: PROMPT_ID#SAMPLE_INDEX" };
        var where = new Option<string[]>("--where") { Description = "Filter shown rows by KEY=VALUE (repeatable; all must match), e.g. kind=recover, output=dpo, source=x.jsonl", AllowMultipleArgumentsPerToken = false };
        var validate = new Option<bool>("--validate") { Description = "Check every file against its schema and the invariants; exit 1 listing the problems" };
        var format = new Option<string>("--format") { Description = "text | json", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var tokenizer = new Option<string?>("--tokenizer") { Description = "Rewind tokenizer for the backtrack-count check: bytes or a tokenizer folder (default: the run manifest's, else bytes)" };
        var command = new Command("inspect", "Summarize a built dataset, show examples with spans and rewind points, validate invariants.")
        {
            path, show, id, where, validate, format, tokenizer,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var stderr = parse.InvocationConfiguration.Error;
            try
            {
                var input = parse.GetValue(path)!;
                var filter = RowFilter.Parse(parse.GetValue(where) ?? [], parse.GetValue(id));
                var examples = parse.GetValue(show) ?? (filter.IsEmpty ? 0 : DefaultExamples);
                if (examples < 0)
                    throw new InspectInputException($"--show {examples}: must be 0 or more");
                var doValidate = parse.GetValue(validate);
                var tokens = doValidate ? RunTokenizer.Resolve(parse.GetValue(tokenizer), input) : Utf8ByteTokenCounter.Instance;
                var scan = await DatasetScanner.ScanAsync(input, new ScanOptions(doValidate, tokens, filter, examples), cancellationToken);
                if (parse.GetValue(format) == "json")
                {
                    await stdout.WriteLineAsync(InspectJson.Serialize(InspectJson.Document(scan, includeExamples: examples > 0)));
                }
                else
                {
                    var view = new TerminalView(InspectConsole.Create(stdout));
                    view.RenderSummary(scan.Summary);
                    if (examples > 0)
                        view.RenderExamples(scan.Examples);
                    if (doValidate)
                        view.RenderProblems(scan.ProblemCount, scan.Problems);
                }
                if (doValidate && scan.ProblemCount > 0)
                {
                    await stderr.WriteLineAsync($"validate: {scan.ProblemCount} problem(s) in {input}");
                    return 1;
                }
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
