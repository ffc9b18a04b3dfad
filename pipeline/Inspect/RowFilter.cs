namespace DataGen.Pipeline.Inspect;

/// <summary>
/// --where KEY=VALUE (all must match, exact, case-sensitive; a key the row lacks does not match) and --id ID (matches
/// prompt_id or prompt_id#sample_index).
/// </summary>
public sealed class RowFilter
{
    private readonly List<KeyValuePair<string, string>> _conditions;
    private readonly string? _id;

    private RowFilter(List<KeyValuePair<string, string>> conditions, string? id)
    {
        _conditions = conditions;
        _id = id;
    }

    public static RowFilter Any { get; } = new([], null);

    public bool IsEmpty => _conditions.Count == 0 && _id is null;

    public static RowFilter Parse(IEnumerable<string> conditions, string? id)
    {
        var parsed = new List<KeyValuePair<string, string>>();
        foreach (var condition in conditions)
        {
            var equals = condition.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
                throw new InspectInputException($"--where '{condition}': expected KEY=VALUE, e.g. kind=recover, output=dpo, source=prompts.jsonl");
            parsed.Add(new(condition[..equals].Trim(), condition[(equals + 1)..]));
        }
        return new RowFilter(parsed, string.IsNullOrEmpty(id) ? null : id);
    }

    public bool Matches(ExampleView example)
    {
        if (_id is not null && example.Id != _id && example.Fields.GetValueOrDefault("prompt_id") != _id)
            return false;
        return _conditions.All(c => example.Fields.TryGetValue(c.Key, out var value) && value == c.Value);
    }
}
