using System.Text;
using Microsoft.Extensions.AI;

namespace DataGen.Stages.Llm.Onnx;

/// <summary>
/// Chat messages -> completion-model input. This model has no chat template: the text is the user messages' contents
/// concatenated, then the last message's content if it is from the assistant (continued, not closed). System messages
/// and earlier assistant turns are ignored.
/// </summary>
public static class CompletionPrompt
{
    public static string Format(IEnumerable<ChatMessage> messages)
    {
        var list = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        var text = new StringBuilder();
        foreach (var message in list)
        {
            if (message.Role == ChatRole.User)
                text.Append(message.Text);
        }
        if (list.Count > 0 && list[^1].Role == ChatRole.Assistant)
            text.Append(list[^1].Text);
        return text.ToString();
    }

    /// <summary>[BOS] followed by the UTF-8 bytes of the text.</summary>
    public static int[] Encode(string text, CausalLmDescriptor model)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var tokens = new int[bytes.Length + 1];
        tokens[0] = model.BosId;
        for (var i = 0; i < bytes.Length; i++)
            tokens[i + 1] = bytes[i];
        return tokens;
    }
}
