using System.Security.Cryptography;
using System.Text;
using DataGen.Stages;

namespace DataGen.Pipeline.Inspect;

/// <summary>
/// Writes the self-contained HTML report: inline CSS and one inline script, both allowed only by their SHA-256 in the
/// Content-Security-Policy (nothing external loads); the data sits in a JSON block whose text can never close the tag.
/// </summary>
public static class HtmlReportWriter
{
    public const string DataElementId = "report-data";

    /// <summary>Written into a double-quoted attribute as is: it holds no quote, ampersand or angle bracket (base64 and single quotes only).</summary>
    public static string ContentSecurityPolicy { get; } =
        $"default-src 'none'; script-src '{Hash(ReportScript.Js)}'; style-src '{Hash(ReportStyle.Css)}'; img-src data:; base-uri 'none'; form-action 'none'";

    public static async Task WriteAsync(string path, InspectDocument document, CancellationToken cancellationToken)
    {
        path = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(path)!;
        if (!Directory.Exists(directory))
            throw new InspectInputException($"{path}: folder {directory} does not exist; create it or pick another -o");
        await AtomicFile.WriteAllTextAsync(path, Render(document), cancellationToken);
    }

    public static string Render(InspectDocument document)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        html.Append("<meta http-equiv=\"Content-Security-Policy\" content=\"").Append(ContentSecurityPolicy).Append("\">\n");
        html.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"referrer\" content=\"no-referrer\">\n");
        html.Append("<title>datagen report</title>\n<style>").Append(ReportStyle.Css).Append("</style>\n</head>\n<body>\n");
        html.Append("""
            <header><h1>datagen report</h1><div class="input" id="input"></div></header>
            <main>
            <h2>Overview</h2><div class="cards" id="cards"></div>
            <h2>Files</h2><div id="files"></div>
            <h2>Rows by kind</h2><div id="kinds"></div>
            <h2>Charts</h2><div class="charts" id="charts"></div>
            <h2>Rejects by reason</h2><div id="rejects"></div>
            <h2>Validation</h2><div id="validation"></div>
            <h2>Examples</h2>
            <div class="legend"><span class="seg-toxic">toxic span</span><span class="seg-violation">violation</span><span class="seg-rewind">⏪</span>rewind point <span class="seg-marker">[MARKER]</span><span class="seg-continuation">continuation</span><span class="seg-remainder">rest of the sample</span></div>
            <div class="filters"><label>output <select id="example-output"><option value="">all</option></select></label>
            <label>search <input id="example-search" type="search" placeholder="id, kind or source"></label><span id="example-count"></span></div>
            <div id="example-list"></div>
            <noscript>The report needs JavaScript to draw its tables, charts and examples.</noscript>
            </main>

            """);
        html.Append("<script type=\"application/json\" id=\"").Append(DataElementId).Append("\">").Append(EmbeddedJson(document)).Append("</script>\n");
        html.Append("<script>").Append(ReportScript.Js).Append("</script>\n</body>\n</html>\n");
        return html.ToString();
    }

    /// <summary>JSON safe inside a script element: '&lt;', '&gt;', '&amp;' and line separators only occur inside strings, so escaping them there is lossless.</summary>
    public static string EmbeddedJson(InspectDocument document)
    {
        var json = InspectJson.Serialize(document, indented: false);
        var safe = new StringBuilder(json.Length + 64);
        foreach (var c in json)
        {
            _ = c switch
            {
                '<' => safe.Append("\\u003c"),
                '>' => safe.Append("\\u003e"),
                '&' => safe.Append("\\u0026"),
                '\u2028' => safe.Append("\\u2028"),
                '\u2029' => safe.Append("\\u2029"),
                _ => safe.Append(c),
            };
        }
        return safe.ToString();
    }

    private static string Hash(string inline) => "sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(inline)));
}
