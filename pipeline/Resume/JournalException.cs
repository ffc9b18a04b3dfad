namespace DataGen.Pipeline.Resume;

/// <summary>The run folder cannot be resumed (no journal, a corrupt one, or a different config); the message says why and what to do.</summary>
public sealed class JournalException : Exception
{
    public JournalException()
    {
    }

    public JournalException(string message)
        : base(message)
    {
    }

    public JournalException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
