namespace DataGen.Pipeline.Serve;

/// <summary>The service's state as /status reports it.</summary>
public static class ServiceStates
{
    public const string Starting = "starting";
    public const string Idle = "idle";
    public const string Running = "running";
    public const string Stopping = "stopping";
    public const string Faulted = "faulted";
}
