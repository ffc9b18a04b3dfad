using System.Net;
using DataGen.Stages;

namespace DataGen.Pipeline.Serve;

/// <summary>pipeline.yaml `serve.status:`: the operator HTTP endpoint (GET /status, GET /health).</summary>
public sealed class ServeStatusOptions : IValidatedOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>Address to listen on; loopback only unless allow_remote is true (the endpoint has no authentication).</summary>
    public string Bind { get; set; } = "127.0.0.1";

    /// <summary>TCP port; 0 picks a free one (the chosen address is logged).</summary>
    public int Port { get; set; } = 8787;

    public bool AllowRemote { get; set; }

    public IEnumerable<string> Validate(string keyPath)
    {
        if (!IPAddress.TryParse(Bind, out var address))
            yield return $"{keyPath}.bind: '{Bind}' is not an IP address; use 127.0.0.1 (or ::1)";
        else if (!IPAddress.IsLoopback(address) && !AllowRemote)
            yield return $"{keyPath}.bind: '{Bind}' is not a loopback address and the status endpoint has no authentication; use 127.0.0.1, or set {keyPath}.allow_remote: true to expose it";
        if (Port is < 0 or > 65535)
            yield return $"{keyPath}.port: must be between 0 and 65535 (got {Port})";
    }

    /// <summary>The parsed bind address (valid after validation).</summary>
    public IPAddress Address => IPAddress.Parse(Bind);
}
