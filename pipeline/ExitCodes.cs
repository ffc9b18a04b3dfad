namespace DataGen.Pipeline;

/// <summary>Process exit codes of every datagen command (documented in --help).</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int RunFailed = 1;
    public const int ConfigError = 2;
    public const int BudgetExhausted = 3;
    public const int Cancelled = 130;

    public const string HelpText = "Exit codes: 0 ok, 1 run failed (failure rate or fatal error), 2 config/usage error, 3 budget exhausted (resume after raising the cap), 130 cancelled.";
}
