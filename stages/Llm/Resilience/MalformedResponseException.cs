namespace DataGen.Stages.Llm.Resilience;

/// <summary>A successful HTTP status whose JSON body does not parse (a truncated or garbled reply); retried like a dropped connection.</summary>
public sealed class MalformedResponseException : Exception
{
    public MalformedResponseException()
        : base("the backend answered with a body that is not valid JSON")
    {
    }

    public MalformedResponseException(string message)
        : base(message)
    {
    }

    public MalformedResponseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
