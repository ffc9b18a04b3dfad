using System.Text.RegularExpressions;
using DataGen.Stages;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace DataGen.Pipeline.Config;

/// <summary>
/// Loads pipeline.yaml: parse, bind (unknown keys, wrong types, ${VAR}), validate every section and cross-check
/// references. Every problem is collected and thrown together as a ConfigException before any work starts.
/// </summary>
public sealed partial class ConfigLoader(Func<string, string?> environment)
{
    public ConfigLoader()
        : this(Environment.GetEnvironmentVariable)
    {
    }

    public LoadedConfig Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var fullPath = Path.GetFullPath(path);
        if (!File.Exists(fullPath))
            throw new ConfigException([$"{path}: config file not found ({fullPath}); pass --config PATH"]);
        return Parse(File.ReadAllText(fullPath), path, Path.GetDirectoryName(fullPath)!);
    }

    /// <summary>Loads YAML text; displayName is used in messages, baseDirectory resolves relative paths.</summary>
    public LoadedConfig Parse(string yaml, string displayName, string baseDirectory)
    {
        var stream = new YamlStream();
        var scanner = new Scanner(new StringReader(yaml), skipComments: true);
        try
        {
            stream.Load(new Parser(scanner));
        }
        catch (YamlException ex)
        {
            var inner = ex.InnerException as YamlException ?? ex;
            throw new ConfigException([$"{displayName}:{inner.Start.Line}:{inner.Start.Column}: malformed YAML: {StripMark(inner.Message)}"]);
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner throws this on some unterminated constructs (e.g. an unclosed [ at the end of the file).
            var at = scanner.CurrentPosition;
            throw new ConfigException([$"{displayName}:{at.Line}:{at.Column}: malformed YAML: unexpected end of a flow collection or quoted value; check for an unclosed [, {{ or quote"]);
        }
        var root = stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode;

        var config = new PipelineConfig();
        var binder = new YamlConfigBinder(displayName, environment);
        if (root is not null)
            binder.BindObject(root, config, "");

        var errors = new List<string>(binder.Errors);
        var checks = Validate(config).Concat(ConfigCrossChecks.Check(config, baseDirectory, environment));
        foreach (var error in checks.Where(e => !binder.FailedKeys.Any(k => e.StartsWith(k + ":", StringComparison.Ordinal) || e.StartsWith(k + ".", StringComparison.Ordinal))))
            errors.Add(Locate(error, binder, displayName));
        if (errors.Count > 0)
            throw new ConfigException(errors);
        return new LoadedConfig(config, displayName, baseDirectory, ConfigHasher.Hash(root));
    }

    private static IEnumerable<string> Validate(PipelineConfig config)
    {
        var sections = new List<(string Key, IValidatedOptions Options)>
        {
            ("run", config.Run), ("prompts", config.Prompts), ("sampling", config.Sampling), ("classifier", config.Classifier),
            ("rewind", config.Rewind), ("synthesis", config.Synthesis), ("emit", config.Emit), ("train", config.Train), ("budget", config.Budget), ("serve", config.Serve),
        };
        sections.AddRange(config.Backends.OrderBy(b => b.Key, StringComparer.Ordinal).Select(b => ($"backends.{b.Key}", (IValidatedOptions)b.Value)));
        return sections.SelectMany(s => s.Options.Validate(s.Key));
    }

    /// <summary>Prefixes "file:line:col" of the key an error names (or its nearest written parent).</summary>
    private static string Locate(string error, YamlConfigBinder binder, string displayName)
    {
        var colon = error.IndexOf(':', StringComparison.Ordinal);
        var key = colon > 0 ? error[..colon] : "";
        while (key.Length > 0)
        {
            if (binder.Marks.TryGetValue(key, out var mark))
                return $"{binder.Location(mark)}: {error}";
            var dot = key.LastIndexOf('.');
            key = dot > 0 ? key[..dot] : "";
        }
        return $"{displayName}: {error}";
    }

    private static string StripMark(string message) => MarkPrefix().Replace(message, "");

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\): ")]
    private static partial Regex MarkPrefix();
}
