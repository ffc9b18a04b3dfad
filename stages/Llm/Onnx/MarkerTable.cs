using System.Globalization;

namespace DataGen.Stages.Llm.Onnx;

/// <summary>The model's named special tokens sorted by what they do: [RESET], [BACKTRACK_BY_k], category markers.</summary>
public sealed class MarkerTable
{
    private const string BacktrackPrefix = "[BACKTRACK_BY_";
    public const string ResetName = "[RESET]";

    private readonly Dictionary<int, (MarkerKind Kind, int Count)> _byId = [];

    public MarkerTable(IReadOnlyDictionary<string, int> specialTokens)
    {
        ArgumentNullException.ThrowIfNull(specialTokens);
        foreach (var (name, id) in specialTokens)
        {
            if (name == ResetName)
                _byId[id] = (MarkerKind.Reset, 0);
            else if (name.StartsWith(BacktrackPrefix, StringComparison.Ordinal) && name.EndsWith(']')
                     && int.TryParse(name.AsSpan(BacktrackPrefix.Length, name.Length - BacktrackPrefix.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var k) && k > 0)
            {
                _byId[id] = (MarkerKind.BacktrackBy, k);
                if (k > LargestBacktrack)
                {
                    LargestBacktrack = k;
                    LargestBacktrackId = id;
                }
            }
            else
                _byId[id] = (MarkerKind.Category, 0);
        }
        Ids = [.. _byId.Keys.Order()];
        BacktrackIds = [.. _byId.Where(p => p.Value.Kind == MarkerKind.BacktrackBy).Select(p => p.Key).Order()];
    }

    /// <summary>Every marker id (the ones the cap masks and the bias moves).</summary>
    public IReadOnlyList<int> Ids { get; }

    /// <summary>The [BACKTRACK_BY_k] ids.</summary>
    public IReadOnlyList<int> BacktrackIds { get; }

    /// <summary>The largest k the model has (0 when none); a larger retraction is written as this marker repeated, then the rest.</summary>
    public int LargestBacktrack { get; }

    /// <summary>Id of [BACKTRACK_BY_LargestBacktrack], or -1.</summary>
    public int LargestBacktrackId { get; } = -1;

    public MarkerKind Kind(int token) => _byId.TryGetValue(token, out var marker) ? marker.Kind : MarkerKind.None;

    /// <summary>k of a [BACKTRACK_BY_k] token, else 0.</summary>
    public int BacktrackCount(int token) => _byId.TryGetValue(token, out var marker) ? marker.Count : 0;
}
