namespace DataGen.Schemas;

/// <summary>Identity of a row as it crosses stages: the prompt id and the sample index (-1 for prompt-level rows).</summary>
public readonly record struct RowKey(string PromptId, int SampleIndex)
{
    public override string ToString() => SampleIndex < 0 ? PromptId : $"{PromptId}#{SampleIndex}";
}

/// <summary>Every record that crosses a stage boundary can name the row it belongs to, so a failure can be rejected with ids.</summary>
public interface IRowKeyed
{
    RowKey Key { get; }
}
