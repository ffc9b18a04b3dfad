using System.Text;
using System.Text.RegularExpressions;
using DataGen.Stages.Llm.Onnx;
using Microsoft.Extensions.AI;

namespace DataGen.Stages.Evaluation;

/// <summary>
/// Backtracks and token counts of one response: from the embedded backend's stats when it decoded with backtracking;
/// otherwise from the text (retraction marker names counted, not applied; tokens from usage, else UTF-8 bytes; kept = generated).
/// </summary>
public sealed partial record ResponseStats(int Backtracks, int TokensGenerated, int TokensKept, IReadOnlyList<string> Retracted)
{
    public static ResponseStats Of(ChatResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.AdditionalProperties is { } p && p.TryGetValue(ResponseStatsKeys.Backtracks, out var b) && b is int backtracks)
        {
            return new ResponseStats(backtracks,
                p.TryGetValue(ResponseStatsKeys.TokensGenerated, out var g) && g is int generated ? generated : 0,
                p.TryGetValue(ResponseStatsKeys.TokensKept, out var k) && k is int kept ? kept : 0,
                p.TryGetValue(ResponseStatsKeys.Retracted, out var r) && r is string[] retracted ? retracted : []);
        }
        var text = response.Text;
        var tokens = (int)(response.Usage?.OutputTokenCount ?? Encoding.UTF8.GetByteCount(text));
        return new ResponseStats(RetractionMarker().Count(text), tokens, tokens, []);
    }

    [GeneratedRegex(@"\[RESET\]|\[BACKTRACK_BY_[0-9]+\]")]
    private static partial Regex RetractionMarker();
}
