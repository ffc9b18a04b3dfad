using System.Text.Json.Serialization;
using Parquet.Serialization.Attributes;

namespace DataGen.Schemas.Parquet;

/// <summary>One element of a conversational column: struct{role, content}, the shape TRL reads as a message.</summary>
public sealed class ChatMessageColumn
{
    [ParquetRequired]
    [JsonPropertyName("role")]
    public string Role { get; set; } = "";

    [ParquetRequired]
    [JsonPropertyName("content")]
    public string Content { get; set; } = "";

    public static ChatMessageColumn From(ChatTurn turn) => new() { Role = turn.Role, Content = turn.Content };

    public static List<ChatMessageColumn> Assistant(string content) => [new() { Role = ChatTurn.Assistant, Content = content }];
}
