using DataGen.Schemas;
using Microsoft.Extensions.AI;

namespace DataGen.Stages.Llm;

/// <summary>Conversions between the pipeline's <see cref="ChatTurn"/> and Microsoft.Extensions.AI messages.</summary>
public static class ChatTurns
{
    public static List<ChatMessage> ToMessages(IEnumerable<ChatTurn> turns) =>
        turns.Select(t => new ChatMessage(new ChatRole(t.Role), t.Content)).ToList();

    /// <summary>The text of the last user turn: what a template's {{prompt}} stands for.</summary>
    public static string LastUserText(IReadOnlyList<ChatTurn> turns)
    {
        for (var i = turns.Count - 1; i >= 0; i--)
        {
            if (turns[i].Role == ChatTurn.User)
                return turns[i].Content;
        }
        throw new RowRejectedException("no_user_turn", "prompt has no user message to fill {{prompt}}");
    }
}
