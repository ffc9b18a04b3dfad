using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;

namespace DataGen.Stages;

/// <summary>
/// A chat prompt kept in a file: `### system|user|assistant` section headers, each followed by its text with
/// `{{placeholder}}` variables. Text before the first header is a comment. A last assistant section is a prefill
/// the model continues.
/// </summary>
public sealed partial class PromptTemplate
{
    public static readonly IReadOnlyList<string> KnownPlaceholders = ["prompt", "prefix", "violation", "response"];

    private readonly IReadOnlyList<PromptTemplateSection> _sections;

    private PromptTemplate(string path, IReadOnlyList<PromptTemplateSection> sections)
    {
        Path = path;
        _sections = sections;
        Placeholders = sections.SelectMany(s => Placeholder().Matches(s.Text).Select(m => m.Groups[1].Value))
            .ToHashSet(StringComparer.Ordinal);
    }

    public string Path { get; }

    /// <summary>Placeholders the template uses.</summary>
    public IReadOnlySet<string> Placeholders { get; }

    /// <summary>True when the last section is an assistant prefill that the model continues.</summary>
    public bool EndsWithAssistant => _sections[^1].Role == ChatRole.Assistant;

    public static PromptTemplate Load(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path}: prompt template not found; check the template path in pipeline.yaml", path);
        return Parse(path, File.ReadAllText(path, Encoding.UTF8));
    }

    /// <summary>Parses template text; <paramref name="path"/> names it in errors.</summary>
    public static PromptTemplate Parse(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sections = new List<PromptTemplateSection>();
        ChatRole? role = null;
        var body = new StringBuilder();
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var header = SectionHeader().Match(line);
            if (header.Success)
            {
                Close(path, role, body, sections, i);
                role = ParseRole(path, i + 1, header.Groups[1].Value);
                continue;
            }
            if (role is null)
                continue;
            foreach (Match m in AnyPlaceholder().Matches(line))
            {
                var name = m.Groups[1].Value.Trim();
                if (!KnownPlaceholders.Contains(name, StringComparer.Ordinal))
                    throw new FormatException(
                        $"{path}:{i + 1}: unknown placeholder {{{{{name}}}}}; known: {string.Join(", ", KnownPlaceholders.Select(k => $"{{{{{k}}}}}"))}");
            }
            body.Append(line).Append('\n');
        }
        Close(path, role, body, sections, lines.Length);
        if (sections.Count == 0)
            throw new FormatException($"{path}:1: no sections; start a section with a line '### system', '### user' or '### assistant'");
        return new PromptTemplate(path, sections);
    }

    /// <summary>Fills the placeholders; a placeholder the template uses must have a value.</summary>
    public IReadOnlyList<ChatMessage> Render(PromptTemplateValues values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return _sections.Select(s => new ChatMessage(s.Role, Placeholder().Replace(s.Text, m => Value(values, m.Groups[1].Value)))).ToList();
    }

    /// <summary>Throws when the template uses a placeholder outside <paramref name="allowed"/> (checked once at stage start).</summary>
    public void RequireOnly(string stage, params string[] allowed)
    {
        var extra = Placeholders.Where(p => !allowed.Contains(p, StringComparer.Ordinal)).Order(StringComparer.Ordinal).ToList();
        if (extra.Count > 0)
            throw new FormatException(
                $"{Path}: the {stage} stage fills only {string.Join(", ", allowed.Select(a => $"{{{{{a}}}}}"))}; remove {string.Join(", ", extra.Select(e => $"{{{{{e}}}}}"))}");
    }

    private string Value(PromptTemplateValues values, string name) => name switch
    {
        "prompt" => values.Prompt,
        "prefix" => values.Prefix,
        "violation" => values.Violation,
        "response" => values.Response,
        _ => null,
    } ?? throw new InvalidOperationException($"{Path}: placeholder {{{{{name}}}}} has no value here");

    private static void Close(string path, ChatRole? role, StringBuilder body, List<PromptTemplateSection> sections, int lineIndex)
    {
        if (role is null)
            return;
        // Blank lines around a section's text are layout, not content.
        var text = body.ToString().Trim('\n', '\r');
        body.Clear();
        if (string.IsNullOrWhiteSpace(text))
            throw new FormatException($"{path}:{lineIndex}: section '### {role.Value.Value}' is empty; write its text or remove the header");
        sections.Add(new PromptTemplateSection(role.Value, text));
    }

    private static ChatRole ParseRole(string path, int line, string name) => name.Trim().ToLowerInvariant() switch
    {
        "system" => ChatRole.System,
        "user" => ChatRole.User,
        "assistant" => ChatRole.Assistant,
        var other => throw new FormatException($"{path}:{line}: unknown section '### {other}'; known: system, user, assistant"),
    };

    [GeneratedRegex(@"^###\s+(\S.*?)\s*$")]
    private static partial Regex SectionHeader();

    [GeneratedRegex(@"\{\{([^{}]*)\}\}")]
    private static partial Regex AnyPlaceholder();

    [GeneratedRegex(@"\{\{\s*(prompt|prefix|violation|response)\s*\}\}")]
    private static partial Regex Placeholder();
}
