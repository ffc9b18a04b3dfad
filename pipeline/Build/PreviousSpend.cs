using System.Text.Json;
using DataGen.Stages.Llm.Metering;

namespace DataGen.Pipeline.Build;

/// <summary>
/// A resumed run's budget counts what its earlier sessions spent: the manifest each session writes at its end holds the
/// running total (budget.spent_cost / spent_tokens), which is carried into the new session's tracker. A session killed
/// before writing its manifest (SIGKILL) is not counted: its spend is unknown.
/// </summary>
public static class PreviousSpend
{
    public static void CarryInto(BudgetTracker budget, string runFolder)
    {
        ArgumentNullException.ThrowIfNull(budget);
        var path = Path.Combine(runFolder, "manifest.json");
        if (!File.Exists(path))
            return;
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        if (!document.RootElement.TryGetProperty("budget", out var section) || section.ValueKind != JsonValueKind.Object)
            return;
        var cost = section.TryGetProperty("spent_cost", out var c) && c.ValueKind == JsonValueKind.Number ? c.GetDouble() : 0;
        var tokens = section.TryGetProperty("spent_tokens", out var t) && t.ValueKind == JsonValueKind.Number ? t.GetInt64() : 0;
        if (cost > 0 || tokens > 0)
            budget.CarryOver(cost, tokens);
    }
}
