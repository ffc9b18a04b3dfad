using System.Text.Json;
using DataGen.Pipeline.Resume;
using DataGen.Stages.Llm.Metering;

namespace DataGen.Pipeline.Build;

/// <summary>
/// A resumed run's budget counts what its earlier sessions spent. Two records hold the running total: the manifest each
/// session writes at its end (budget.spent_cost / spent_tokens) and the spend stored with every journal commit. Spend
/// only grows, so the larger of the two is carried into the new session's tracker: after a session killed before its
/// manifest (SIGKILL), its spend up to its last commit still counts; requests after that commit are not known.
/// </summary>
public static class PreviousSpend
{
    public static void CarryInto(BudgetTracker budget, string runFolder)
    {
        ArgumentNullException.ThrowIfNull(budget);
        var (manifestCost, manifestTokens) = FromManifest(runFolder);
        var (journalCost, journalTokens) = FromJournal(runFolder);
        var cost = Math.Max(manifestCost, journalCost);
        var tokens = Math.Max(manifestTokens, journalTokens);
        if (cost > 0 || tokens > 0)
            budget.CarryOver(cost, tokens);
    }

    private static (double Cost, long Tokens) FromManifest(string runFolder)
    {
        var path = Path.Combine(runFolder, "manifest.json");
        if (!File.Exists(path))
            return (0, 0);
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        if (!document.RootElement.TryGetProperty("budget", out var section) || section.ValueKind != JsonValueKind.Object)
            return (0, 0);
        var cost = section.TryGetProperty("spent_cost", out var c) && c.ValueKind == JsonValueKind.Number ? c.GetDouble() : 0;
        var tokens = section.TryGetProperty("spent_tokens", out var t) && t.ValueKind == JsonValueKind.Number ? t.GetInt64() : 0;
        return (cost, tokens);
    }

    /// <summary>The last commit's recorded spend (none without a journal or before the first metered commit).</summary>
    private static (double Cost, long Tokens) FromJournal(string runFolder) =>
        File.Exists(RunJournal.PathIn(runFolder)) && RunJournal.Read(runFolder).LastCheckpoint?.Spend is { } spend
            ? (spend.Cost, spend.Tokens)
            : (0, 0);
}
