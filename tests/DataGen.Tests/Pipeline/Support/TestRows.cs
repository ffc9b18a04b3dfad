using DataGen.Schemas;

namespace DataGen.Tests.Pipeline.Support;

/// <summary>Builds the real record types the stages exchange, with recognisable ids.</summary>
internal static class TestRows
{
    public static PromptRecord Prompt(long ordinal) =>
        new($"p{ordinal:D4}", [new ChatTurn(ChatTurn.User, $"prompt {ordinal}")], "prompts.jsonl", ordinal + 1, ordinal);

    public static IReadOnlyList<PromptRecord> Prompts(int count) => [.. Enumerable.Range(0, count).Select(i => Prompt(i))];

    public static Sample Sample(PromptRecord prompt, int index, TokenUsage? usage = null) =>
        new(prompt, index, $"response {prompt.Id}#{index}", "test-backend", "test-model", index, usage ?? TokenUsage.Zero, "stop");

    public static ScoredSample Scored(Sample sample) => new(sample, [], 0f);

    public static PlannedSample Planned(ScoredSample scored) => new(scored, null);

    public static FinishedSample Finished(PlannedSample planned, Correction? correction = null) => new(planned, correction);
}
