namespace DataGen.Pipeline.Engine;

/// <summary>A row in flight between stages: its prompt's feed sequence number, its path within the prompt and the record.</summary>
internal sealed record RowEnvelope(long Sequence, RowPath Path, object Payload);
