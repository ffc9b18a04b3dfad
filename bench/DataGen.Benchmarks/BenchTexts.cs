namespace DataGen.Benchmarks;

/// <summary>Deterministic, harmless English-like texts of varied length (the benchmarks never read ../shared data).</summary>
public static class BenchTexts
{
    private static readonly string[] Words =
    [
        "the", "a", "quiet", "river", "runs", "past", "old", "stone", "houses", "where", "people", "talk", "about", "weather",
        "and", "music", "children", "play", "near", "garden", "while", "bread", "bakes", "slowly", "in", "warm", "kitchen",
        "morning", "light", "falls", "across", "table", "someone", "reads", "letter", "from", "friend", "far", "away", "city",
        "train", "arrives", "late", "again", "nobody", "minds", "because", "evening", "is", "long", "gentle", "bright",
    ];

    /// <summary>Texts of roughly <paramref name="minChars"/> to <paramref name="maxChars"/> characters, sentences ending in periods.</summary>
    public static string[] Make(int count, int minChars, int maxChars, int seed)
    {
        var random = new Random(seed);
        var texts = new string[count];
        var builder = new System.Text.StringBuilder();
        for (var i = 0; i < count; i++)
        {
            builder.Clear();
            var length = random.Next(minChars, maxChars + 1);
            var sentenceStart = true;
            while (builder.Length < length)
            {
                var word = Words[random.Next(Words.Length)];
                if (builder.Length > 0)
                    builder.Append(' ');
                builder.Append(sentenceStart ? char.ToUpperInvariant(word[0]) + word[1..] : word);
                sentenceStart = random.Next(8) == 0;
                if (sentenceStart)
                    builder.Append('.');
            }
            if (!sentenceStart)
                builder.Append('.');
            texts[i] = builder.ToString();
        }
        return texts;
    }
}
