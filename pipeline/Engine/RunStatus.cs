namespace DataGen.Pipeline.Engine;

/// <summary>How a run ended, as written in the manifest.</summary>
public static class RunStatus
{
    public const string Completed = "completed";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";
    public const string BudgetExhausted = "budget_exhausted";
}
