using Microsoft.Extensions.AI;

namespace DataGen.Stages.Evaluation;

/// <summary>
/// A model under evaluation: its chat client, a label, and the extra request properties it gets (the backtracking keys
/// for an embedded model; none for a server, whose stats are read from its text).
/// </summary>
public sealed record EvalTarget(string Model, string Kind, string Name, IChatClient Client, bool BacktrackingDecoding,
    IReadOnlyDictionary<string, object?> RequestProperties);
