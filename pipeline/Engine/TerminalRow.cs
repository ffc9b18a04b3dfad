using DataGen.Schemas;

namespace DataGen.Pipeline.Engine;

/// <summary>A row that left the pipeline: a finished sample or a reject, waiting in the reorder buffer for its turn.</summary>
internal sealed record TerminalRow(RowPath Path, FinishedSample? Row, RejectRecord? Reject);
