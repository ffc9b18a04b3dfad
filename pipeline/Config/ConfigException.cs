namespace DataGen.Pipeline.Config;

/// <summary>The config cannot be used; Errors holds every problem found, one line each (file:line:col: key: what to fix).</summary>
public sealed class ConfigException(IReadOnlyList<string> errors)
    : Exception(errors.Count == 1 ? errors[0] : $"{errors.Count} config errors:{Environment.NewLine}{string.Join(Environment.NewLine, errors)}")
{
    public IReadOnlyList<string> Errors { get; } = errors;
}
