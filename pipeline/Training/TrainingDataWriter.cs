using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using DataGen.Pipeline.Inspect;
using DataGen.Schemas.Parquet;
using DataGen.Stages;
using DataGen.Stages.Tokenization;
using DataGen.Stages.Training;

namespace DataGen.Pipeline.Training;

/// <summary>
/// Validates a run's Parquet sets with the same schema and invariant checks as `datagen inspect --validate`, then
/// writes RUN/train/data/sft.jsonl and dpo.jsonl (all parts in name order; DPO filtered by kind) atomically.
/// </summary>
public static class TrainingDataWriter
{
    public const string SftFileName = "sft.jsonl";
    public const string DpoFileName = "dpo.jsonl";

    private static readonly JsonSerializerOptions LineOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        // Lines are read by Python's json module, not embedded in HTML: keep non-ASCII text readable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <param name="dpoKinds">Pair kinds to keep; null skips the DPO file.</param>
    public static async Task<TrainingData> WriteAsync(
        string runDirectory, string dataDirectory, bool includeSft, IReadOnlyCollection<string>? dpoKinds, ITokenCounter tokens, CancellationToken cancellationToken)
    {
        runDirectory = Path.GetFullPath(runDirectory);
        if (!Directory.Exists(runDirectory))
            throw new TrainingSetupException($"train: run folder {runDirectory} does not exist; pass --run with a folder written by `datagen build`");
        await ValidateAsync(runDirectory, tokens, cancellationToken).ConfigureAwait(false);
        var sftParts = Parts(runDirectory, DatasetOutputs.Sft, includeSft, "train.sft");
        var dpoParts = Parts(runDirectory, DatasetOutputs.Dpo, dpoKinds is not null, "train.dpo");
        Directory.CreateDirectory(dataDirectory);

        string? sftPath = null, dpoPath = null;
        long sftRows = 0, dpoRows = 0;
        var byKind = new SortedDictionary<string, long>(StringComparer.Ordinal);
        if (includeSft)
        {
            sftPath = Path.Combine(Path.GetFullPath(dataDirectory), SftFileName);
            sftRows = await WriteLinesAsync<SftRow>(sftPath, sftParts, _ => true, ToLine, cancellationToken).ConfigureAwait(false);
            if (sftRows == 0)
                throw new TrainingSetupException($"train.sft: {runDirectory}/sft has no rows; build more data or set train.sft.enabled: false");
        }
        if (dpoKinds is not null)
        {
            dpoPath = Path.Combine(Path.GetFullPath(dataDirectory), DpoFileName);
            foreach (var kind in dpoKinds)
                byKind[kind] = 0;
            dpoRows = await WriteLinesAsync<DpoRow>(dpoPath, dpoParts, row => dpoKinds.Contains(row.Kind), row =>
            {
                byKind[row.Kind]++;
                return ToLine(row);
            }, cancellationToken).ConfigureAwait(false);
            if (dpoRows == 0)
                throw new TrainingSetupException($"train.dpo: {runDirectory}/dpo has no pairs of kind {string.Join(", ", dpoKinds)}; change train.dpo.kinds or set train.dpo.enabled: false");
        }
        return new TrainingData(sftPath, dpoPath, sftRows, dpoRows, byKind, [.. sftParts, .. dpoParts]);
    }

    private static async Task ValidateAsync(string runDirectory, ITokenCounter tokens, CancellationToken cancellationToken)
    {
        ScanResult scan;
        try
        {
            scan = await DatasetScanner.ScanAsync(runDirectory, new ScanOptions(true, tokens, RowFilter.Any, 0), cancellationToken).ConfigureAwait(false);
        }
        catch (InspectInputException e)
        {
            throw new TrainingSetupException($"train: {e.Message}", e);
        }
        if (scan.ProblemCount > 0)
        {
            throw new TrainingSetupException(
                $"train: {scan.Problems[0]}; {scan.ProblemCount} problem(s) in all, list them with `datagen inspect {runDirectory} --validate`");
        }
    }

    private static List<string> Parts(string runDirectory, string output, bool required, string key)
    {
        var folder = Path.Combine(runDirectory, output);
        if (!required)
            return [];
        var parts = Directory.Exists(folder) ? Directory.EnumerateFiles(folder, "*.parquet").Order(StringComparer.Ordinal).ToList() : [];
        if (parts.Count == 0)
            throw new TrainingSetupException($"{key}: no {folder}/*.parquet; build the run first or set {key}.enabled: false");
        return parts;
    }

    private static async Task<long> WriteLinesAsync<T>(string path, List<string> parts, Func<T, bool> keep, Func<T, object> toLine, CancellationToken cancellationToken)
        where T : class, new()
    {
        return await AtomicFile.WriteAsync(path, async stream =>
        {
            long rows = 0;
            await using var writer = new StreamWriter(stream, new UTF8Encoding(false), 64 * 1024, leaveOpen: true);
            writer.NewLine = "\n";
            foreach (var part in parts)
            {
                await foreach (var group in ParquetRowGroups.ReadAsync<T>(part, cancellationToken).ConfigureAwait(false))
                {
                    foreach (var row in group.Where(keep))
                    {
                        await writer.WriteLineAsync(JsonSerializer.Serialize(toLine(row), LineOptions)).ConfigureAwait(false);
                        rows++;
                    }
                }
            }
            await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
            return rows;
        }, cancellationToken).ConfigureAwait(false);
    }

    private static SftTrainingLine ToLine(SftRow row) =>
        new(Messages(row.Prompt), row.Kind, row.Prefix, row.Violation, row.Marker, row.Continuation, row.PromptId, row.SampleIndex);

    private static DpoTrainingLine ToLine(DpoRow row) =>
        new(Messages(row.Prompt), row.Chosen[0].Content, row.Rejected[0].Content, row.Kind, row.PromptId, row.SampleIndex);

    private static List<TrainingMessage> Messages(List<ChatMessageColumn> messages) => [.. messages.Select(m => new TrainingMessage(m.Role, m.Content))];
}
