namespace DataGen.Stages.Llm.Metering;

/// <summary>A request refused because the run's budget is spent; it is a stop of the run, not a row failure.</summary>
public sealed class BudgetExhaustedException : OperationCanceledException
{
    public BudgetExhaustedException()
        : base("the run's budget is exhausted; no new requests are started")
    {
    }

    public BudgetExhaustedException(string message)
        : base(message)
    {
    }

    public BudgetExhaustedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
