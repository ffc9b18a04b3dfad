using System.Security.Cryptography;
using System.Text.Json;
using YamlDotNet.RepresentationModel;

namespace DataGen.Pipeline.Config;

/// <summary>
/// sha256 of a canonical JSON form of the YAML as written (keys sorted, comments and layout ignored), taken
/// before ${VAR} substitution so secrets never reach the hash or the manifest. The top-level sections that do not shape
/// the data (budget, serve, train) are left out, so raising a budget cap or moving a schedule does not make
/// `build --resume` refuse the run as changed.
/// </summary>
internal static class ConfigHasher
{
    private static readonly HashSet<string> NotShapingTheData = new(["budget", "serve", "train"], StringComparer.Ordinal);

    public static string Hash(YamlNode? root)
    {
        if (root is YamlMappingNode mapping)
        {
            var kept = new YamlMappingNode();
            foreach (var child in mapping.Children)
            {
                if (!NotShapingTheData.Contains((child.Key as YamlScalarNode)?.Value ?? ""))
                    kept.Add(child.Key, child.Value);
            }
            root = kept;
        }
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
            Write(writer, root);
        return Convert.ToHexStringLower(SHA256.HashData(stream.ToArray()));
    }

    private static void Write(Utf8JsonWriter writer, YamlNode? node)
    {
        switch (node)
        {
            case YamlMappingNode mapping:
                writer.WriteStartObject();
                foreach (var (key, value) in mapping.Children
                    .Select(c => (Key: (c.Key as YamlScalarNode)?.Value ?? c.Key.ToString(), c.Value))
                    .OrderBy(c => c.Key, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(key);
                    Write(writer, value);
                }
                writer.WriteEndObject();
                break;
            case YamlSequenceNode sequence:
                writer.WriteStartArray();
                foreach (var item in sequence.Children)
                    Write(writer, item);
                writer.WriteEndArray();
                break;
            case YamlScalarNode scalar when !YamlConfigBinder.IsNull(scalar):
                writer.WriteStringValue(scalar.Value);
                break;
            default:
                writer.WriteNullValue();
                break;
        }
    }
}
