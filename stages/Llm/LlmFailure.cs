namespace DataGen.Stages.Llm;

/// <summary>Turns an LLM client failure into a one-line reason for a reject record (first line only: SDK messages append response bodies).</summary>
public static class LlmFailure
{
    private const int MaxLength = 300;

    public static string Describe(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var message = exception.Message;
        var newline = message.AsSpan().IndexOfAny('\r', '\n');
        var line = (newline >= 0 ? message[..newline] : message).Trim();
        if (line.Length > MaxLength)
            line = line[..MaxLength] + "...";
        return $"{exception.GetType().Name}: {line}";
    }
}
