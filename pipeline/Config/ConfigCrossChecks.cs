namespace DataGen.Pipeline.Config;

/// <summary>Checks across sections: named backends exist, referenced files and folders exist (relative to the config folder).</summary>
internal static class ConfigCrossChecks
{
    public static IEnumerable<string> Check(PipelineConfig config, string baseDirectory, Func<string, string?> environment)
    {
        var defined = config.Backends.Count == 0 ? "none" : string.Join(", ", config.Backends.Keys.Order(StringComparer.Ordinal));
        foreach (var (key, name) in new[] { ("sampling.backend", config.Sampling.Backend), ("synthesis.backend", config.Synthesis.Backend) })
        {
            if (string.IsNullOrWhiteSpace(name))
                continue;
            if (!config.Backends.TryGetValue(name, out var backend))
                yield return $"{key}: backend '{name}' is not defined under backends: (defined: {defined})";
            else if (backend.ApiKeyEnv is { Length: > 0 } variable && environment(variable) is null)
                yield return $"backends.{name}.api_key_env: environment variable '{variable}' is not set; export it before the run";
        }

        // [RESET] discards everything generated so far, so the continuation must be a whole answer: only an empty prefix gives that.
        if (config.Emit.Marker == "reset" && config.Rewind.Policy != "reset")
            yield return $"emit.marker: 'reset' needs rewind.policy: reset (got '{config.Rewind.Policy}'); use emit.marker: backtrack for partial rewinds";
        if (PromptFileCheck.Problem(config.Prompts.Path, baseDirectory) is { } prompts)
            yield return prompts;
        if (MissingFolder(config.Classifier.Model, baseDirectory) is { } classifier)
            yield return $"classifier.model: folder not found: {classifier}";
        if (MissingFile(config.Synthesis.Template, baseDirectory) is { } synthesis)
            yield return $"synthesis.template: file not found: {synthesis}";
        if (MissingFile(config.Sampling.Template, baseDirectory) is { } sampling)
            yield return $"sampling.template: file not found: {sampling}";
        foreach (var name in config.Budget.Prices.Keys.Where(n => !config.Backends.ContainsKey(n)).Order(StringComparer.Ordinal))
            yield return $"budget.prices.{name}: backend '{name}' is not defined under backends: (defined: {defined})";
        foreach (var (name, backend) in config.Backends.OrderBy(b => b.Key, StringComparer.Ordinal))
        {
            if (backend.Type == "onnx" && MissingFolder(backend.Path, baseDirectory) is { } model)
                yield return $"backends.{name}.path: folder not found: {model}";
        }
    }

    private static string? MissingFile(string? path, string baseDirectory)
    {
        if (string.IsNullOrWhiteSpace(path))
            return null;
        var full = Path.GetFullPath(path, baseDirectory);
        return File.Exists(full) ? null : $"{full} (relative paths resolve against {baseDirectory})";
    }

    private static string? MissingFolder(string? path, string baseDirectory)
    {
        if (string.IsNullOrWhiteSpace(path))
            return null;
        var full = Path.GetFullPath(path, baseDirectory);
        return Directory.Exists(full) ? null : $"{full} (relative paths resolve against {baseDirectory})";
    }
}
