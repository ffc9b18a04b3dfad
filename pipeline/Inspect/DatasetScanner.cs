using DataGen.Schemas.Parquet;
using Parquet;

namespace DataGen.Pipeline.Inspect;

/// <summary>
/// One streaming pass over a run's files, row group by row group: feeds the summary, the validator and the example
/// selection. sft and dpo files are read before samples so their cross-checks against the response resolve on the way.
/// </summary>
public static class DatasetScanner
{
    private static readonly string[] ScanOrder = [DatasetOutputs.Sft, DatasetOutputs.Dpo, DatasetOutputs.Rejects, DatasetOutputs.Samples];
    private static readonly string[] ShowOrder = [DatasetOutputs.Samples, DatasetOutputs.Sft, DatasetOutputs.Dpo, DatasetOutputs.Rejects];

    public static async Task<ScanResult> ScanAsync(string input, ScanOptions options, CancellationToken cancellationToken)
    {
        var files = await DatasetFileResolver.ResolveAsync(input, cancellationToken);
        var summary = new SummaryCollector();
        var validator = options.Validate ? new InvariantValidator(options.Tokens) : null;
        var examples = new List<ExampleView>();
        foreach (var file in files.OrderBy(f => Array.IndexOf(ScanOrder, f.Output)))
        {
            if (validator is not null && await SchemaProblemAsync(file, cancellationToken) is { } problem)
            {
                validator.Report(problem);
                continue;
            }
            var picked = examples.Count(e => e.Output == file.Output);
            var (rows, groups) = file.Output switch
            {
                DatasetOutputs.Samples => await ScanFileAsync<SampleRow>(file, summary.Add, validator is null ? null : validator.Check, ExampleViewBuilder.From, cancellationToken),
                DatasetOutputs.Sft => await ScanFileAsync<SftRow>(file, summary.Add, validator is null ? null : validator.Check, ExampleViewBuilder.From, cancellationToken),
                DatasetOutputs.Dpo => await ScanFileAsync<DpoRow>(file, summary.Add, validator is null ? null : validator.Check, ExampleViewBuilder.From, cancellationToken),
                _ => await ScanFileAsync<RejectRow>(file, summary.Add, validator is null ? null : validator.Check, ExampleViewBuilder.From, cancellationToken),
            };
            summary.AddFile(new FileSummary(file.Output, file.Path, rows, groups));

            async Task<(long Rows, int Groups)> ScanFileAsync<T>(DatasetFile f, Action<T> summarize, Action<string, long, T>? check, Func<T, ExampleView> view, CancellationToken ct)
                where T : class, new()
            {
                long row = 0;
                var groupCount = 0;
                try
                {
                    await foreach (var group in ParquetRowGroups.ReadAsync<T>(f.Path, ct))
                    {
                        groupCount++;
                        foreach (var item in group)
                        {
                            summarize(item);
                            check?.Invoke(f.Path, row, item);
                            if (picked < options.ExamplesPerOutput && view(item) is var example && options.Filter.Matches(example))
                            {
                                examples.Add(example);
                                picked++;
                            }
                            row++;
                        }
                    }
                }
                catch (Exception e) when (e is IOException or InvalidDataException or ParquetException or InvalidCastException or ArgumentException)
                {
                    var message = $"cannot read row group {groupCount} ({e.GetType().Name}: {e.Message}); the file is damaged or not a {f.Output} file";
                    if (validator is null)
                        throw new InspectInputException($"{f.Path}: {message}");
                    validator.Report(new ValidationProblem(f.Path, -1, "unreadable", message));
                }
                return (row, groupCount);
            }
        }
        validator?.Complete();
        return new ScanResult(
            summary.Build(Path.GetFullPath(input)),
            [.. examples.OrderBy(e => Array.IndexOf(ShowOrder, e.Output))],
            validator is not null,
            validator?.ProblemCount ?? 0,
            validator?.Problems ?? []);
    }

    private static async Task<ValidationProblem?> SchemaProblemAsync(DatasetFile file, CancellationToken cancellationToken)
    {
        try
        {
            return await SchemaChecker.CheckAsync(file, cancellationToken);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or ParquetException)
        {
            return new ValidationProblem(file.Path, -1, "unreadable", $"not a readable Parquet file ({e.Message})");
        }
    }
}
