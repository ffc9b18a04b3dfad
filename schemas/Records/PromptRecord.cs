namespace DataGen.Schemas;

/// <summary>
/// A prompt as read from the prompt source. <see cref="Ordinal"/> is the 0-based position in the source,
/// used to write outputs in input order whatever the parallelism.
/// </summary>
public sealed record PromptRecord(string Id, IReadOnlyList<ChatTurn> Messages, string Source, long Line, long Ordinal) : IRowKeyed
{
    public RowKey Key => new(Id, -1);
}
