namespace DataGen.Stages;

/// <summary>An expected row failure: <see cref="Reason"/> is a short snake_case code counted in the manifest.</summary>
public sealed class RowRejectedException(string reason, string message, Exception? inner = null) : Exception(message, inner)
{
    public string Reason { get; } = reason;
}
