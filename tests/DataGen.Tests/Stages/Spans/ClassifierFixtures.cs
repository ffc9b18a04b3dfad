namespace DataGen.Tests.Stages.Spans;

/// <summary>Paths of the fixture classifiers written by Fixtures/make_test_classifiers.py.</summary>
internal static class ClassifierFixtures
{
    public static string Root => Path.Combine(AppContext.BaseDirectory, "Fixtures");

    /// <summary>Byte-level: 'X' scores 0.99, every other byte 0.01.</summary>
    public static string Bytes => Path.Combine(Root, "test-classifier");

    /// <summary>Byte-level: 'X' 0.99, 'Y' 0.7, 'Z' 0.3, others 0.01.</summary>
    public static string Graded => Path.Combine(Root, "test-classifier-graded");

    /// <summary>WordPiece with token_type_ids and three labels: the word "xbad" scores 0.99.</summary>
    public static string WordPiece => Path.Combine(Root, "test-classifier-wordpiece");

    /// <summary>GPT-2 style byte-level BPE: tokens "xbad" and "Ġxbad" score 0.99.</summary>
    public static string Bpe => Path.Combine(Root, "test-classifier-bpe");

    public static string BadSignature(string name) => Path.Combine(Root, "test-classifier-bad-signatures", name);
}
