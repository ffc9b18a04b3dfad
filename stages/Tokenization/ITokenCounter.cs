namespace DataGen.Stages.Tokenization;

/// <summary>Counts tokens of the policy model (for backtrack distances and markers).</summary>
public interface ITokenCounter
{
    string Name { get; }

    int CountTokens(string text);
}
