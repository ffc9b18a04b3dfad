using System.Text.RegularExpressions;
using DataGen.Schemas;
using DataGen.Stages;

namespace DataGen.Pipeline.Engine;

/// <summary>Turns a stage's exception for one row into a RejectRecord that names the row and a one-line, secret-free reason.</summary>
internal static partial class RejectFactory
{
    public const string UnexpectedError = "unexpected_error";
    public const string Timeout = "timeout";
    private const int MaxMessageLength = 300;

    public static RejectRecord Create(string stage, object input, Exception exception)
    {
        var (reason, message) = exception switch
        {
            RowRejectedException rejected => (rejected.Reason, rejected.Message),
            OperationCanceledException => (Timeout, "the operation timed out"),
            _ => (UnexpectedError, $"{exception.GetType().Name}: {exception.Message}"),
        };
        var prompt = PromptOf(input);
        var key = input is IRowKeyed keyed ? keyed.Key : new RowKey(prompt?.Id ?? "", -1);
        return new RejectRecord(stage, reason, OneLine(message), key.PromptId, key.SampleIndex, prompt?.Source ?? "", prompt?.Line ?? 0);
    }

    /// <summary>First line, credentials masked, bounded length: the message lands in files users share.</summary>
    internal static string OneLine(string message)
    {
        var line = message.ReplaceLineEndings("\n");
        var newline = line.IndexOf('\n', StringComparison.Ordinal);
        if (newline >= 0)
            line = line[..newline];
        line = SecretPattern().Replace(line, "$1***");
        return line.Length <= MaxMessageLength ? line : line[..MaxMessageLength] + "...";
    }

    private static PromptRecord? PromptOf(object input) => input switch
    {
        PromptRecord prompt => prompt,
        Stages.Sampling.SampleRequest request => request.Prompt,
        Sample sample => sample.Prompt,
        ScoredSample scored => scored.Sample.Prompt,
        PlannedSample planned => planned.Scored.Sample.Prompt,
        FinishedSample finished => finished.Planned.Scored.Sample.Prompt,
        _ => null,
    };

    [GeneratedRegex(@"(Bearer\s+|api[_-]?key[=:]\s*|sk-)[A-Za-z0-9._\-]+", RegexOptions.IgnoreCase)]
    private static partial Regex SecretPattern();
}
