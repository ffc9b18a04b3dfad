using System.Text;
using System.Text.Json;
using DataGen.Stages;
using DataGen.Stages.Evaluation;

namespace DataGen.Pipeline.Eval;

/// <summary>Writes the eval report and the responses dump, each under a temporary name renamed when complete.</summary>
internal static class EvalFiles
{
    public static Task WriteReportAsync(string path, EvalReport report, CancellationToken cancellationToken) =>
        AtomicFile.WriteAsync(Checked(path), async stream =>
        {
            await JsonSerializer.SerializeAsync(stream, report, EvalJson.Report, cancellationToken);
            return true;
        }, cancellationToken);

    public static Task WriteResponsesAsync(string path, IReadOnlyList<EvalResponse> responses, CancellationToken cancellationToken) =>
        AtomicFile.WriteAsync(Checked(path), async stream =>
        {
            await using var writer = new StreamWriter(stream, new UTF8Encoding(false), leaveOpen: true);
            foreach (var response in responses)
                await writer.WriteLineAsync(JsonSerializer.Serialize(response, EvalJson.Line).AsMemory(), cancellationToken);
            await writer.FlushAsync(cancellationToken);
            return true;
        }, cancellationToken);

    private static string Checked(string path)
    {
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full)!;
        return Directory.Exists(folder) ? full : throw new ArgumentException($"{full}: folder {folder} does not exist; create it or pick another path");
    }
}
