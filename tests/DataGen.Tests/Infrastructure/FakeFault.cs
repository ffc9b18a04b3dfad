namespace DataGen.Tests.Infrastructure;

/// <summary>A failure the fake OpenAI server injects into one reply.</summary>
public enum FakeFault
{
    None,

    /// <summary>An HTTP error status (500, 429 ...) with an OpenAI-style error body.</summary>
    Status,

    /// <summary>The connection is cut mid-response: headers promise a body that never fully arrives.</summary>
    DropConnection,

    /// <summary>Status 200 with a body that is not valid JSON.</summary>
    MalformedJson,
}
