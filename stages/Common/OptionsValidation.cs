namespace DataGen.Stages;

/// <summary>Options classes validate their own values; each error names the full config key path and what is allowed.</summary>
public interface IValidatedOptions
{
    /// <param name="keyPath">Key path of this section in pipeline.yaml, e.g. "sampling".</param>
    IEnumerable<string> Validate(string keyPath);
}
