using System.Globalization;
using DataGen.Schemas;

namespace DataGen.Stages.Emit;

/// <summary>Writes the retraction marker: optional category marker, then "[RESET]" or "[BACKTRACK_BY_k]" (no spaces between).</summary>
public sealed class MarkerFormatter(EmitOptions options)
{
    public const string Reset = "[RESET]";

    public string For(RewindPlan plan) => Format(plan.BacktrackTokens);

    /// <param name="backtrackTokens">k for the backtrack marker (policy tokens to drop); ignored for reset.</param>
    public string Format(int backtrackTokens)
    {
        var signal = options.Marker == "reset"
            ? Reset
            : string.Create(CultureInfo.InvariantCulture, $"[BACKTRACK_BY_{backtrackTokens}]");
        return (options.CategoryMarker ?? "") + signal;
    }
}
