using System.Security.Cryptography;
using System.Text;
using DataGen.Schemas;

namespace DataGen.Stages.Prompts;

/// <summary>Content-derived prompt ids for sources without an id column, so reruns and resumes name rows the same way.</summary>
public static class PromptIdentity
{
    /// <summary>"h" + the first 16 hex digits of SHA-256 over the canonical text (see <see cref="CanonicalText"/>).</summary>
    public static string FromMessages(IReadOnlyList<ChatTurn> messages)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(CanonicalText(messages)));
        return "h" + Convert.ToHexStringLower(hash, 0, 8);
    }

    /// <summary>A single user message is its text exactly; a conversation is "role\u001fcontent" per message joined by \u001e.</summary>
    public static string CanonicalText(IReadOnlyList<ChatTurn> messages) =>
        messages is [{ Role: ChatTurn.User } only]
            ? only.Content
            : string.Join('\u001e', messages.Select(m => m.Role + "\u001f" + m.Content));
}
