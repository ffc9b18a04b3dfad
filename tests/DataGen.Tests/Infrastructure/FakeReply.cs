namespace DataGen.Tests.Infrastructure;

/// <summary>What the fake OpenAI server answers to one request: a completion, or a fault, optionally after a delay.</summary>
public sealed record FakeReply(string Content)
{
    public string FinishReason { get; init; } = "stop";

    /// <summary>Model name in the reply; null echoes the request's model.</summary>
    public string? Model { get; init; }

    /// <summary>Usage counts; null counts whitespace-separated words (prompt: all message contents, completion: the content).</summary>
    public int? PromptTokens { get; init; }
    public int? CompletionTokens { get; init; }

    public FakeFault Fault { get; init; } = FakeFault.None;

    /// <summary>HTTP status sent with <see cref="FakeFault.Status"/>.</summary>
    public int StatusCode { get; init; } = 200;

    /// <summary>Retry-After header (seconds) sent with a status fault.</summary>
    public int? RetryAfterSeconds { get; init; }

    /// <summary>Wait before answering (cancelled when the server is disposed).</summary>
    public TimeSpan Delay { get; init; }

    public static FakeReply Text(string content) => new(content);

    public static FakeReply Status(int statusCode, int? retryAfterSeconds = null) =>
        new("") { Fault = FakeFault.Status, StatusCode = statusCode, RetryAfterSeconds = retryAfterSeconds };

    public static FakeReply RateLimited(int retryAfterSeconds) => Status(429, retryAfterSeconds);

    public static FakeReply DropConnection() => new("") { Fault = FakeFault.DropConnection };

    public static FakeReply MalformedJson() => new("") { Fault = FakeFault.MalformedJson };
}
