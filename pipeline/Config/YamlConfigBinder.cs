using System.Collections;
using System.Globalization;
using System.Reflection;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using YamlDotNet.Serialization.NamingConventions;

namespace DataGen.Pipeline.Config;

/// <summary>
/// Binds a YAML node tree onto option classes by their snake_case property names, collecting every unknown key,
/// wrong type and missing ${VAR} with its file:line:col instead of stopping at the first.
/// </summary>
internal sealed class YamlConfigBinder(string fileName, Func<string, string?> environment)
{
    private readonly NullabilityInfoContext _nullability = new();

    public List<string> Errors { get; } = [];

    /// <summary>Where each key path was written, to point validation errors at their line.</summary>
    public Dictionary<string, Mark> Marks { get; } = new(StringComparer.Ordinal);

    /// <summary>Key paths that failed to bind (their validation errors would only repeat the problem).</summary>
    public HashSet<string> FailedKeys { get; } = new(StringComparer.Ordinal);

    public string Location(Mark mark) => $"{fileName}:{mark.Line}:{mark.Column}";

    public static bool IsNull(YamlScalarNode scalar) =>
        scalar.Style == ScalarStyle.Plain && scalar.Value is null or "" or "~" or "null" or "Null" or "NULL";

    public void BindObject(YamlNode node, object target, string keyPath)
    {
        if (node is YamlScalarNode scalar && IsNull(scalar))
            return;
        if (node is not YamlMappingNode mapping)
        {
            Fail(node, keyPath, "expected a mapping of keys (key: value)");
            return;
        }
        var properties = target.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite && p.GetIndexParameters().Length == 0)
            .ToDictionary(p => UnderscoredNamingConvention.Instance.Apply(p.Name), StringComparer.Ordinal);
        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? "";
            var path = Join(keyPath, key);
            if (!properties.TryGetValue(key, out var property))
            {
                var hint = KeySuggester.Suggest(key, properties.Keys) is { } guess ? $"did you mean '{guess}'? " : "";
                Errors.Add($"{Location(keyNode.Start)}: unknown key '{path}'; {hint}allowed keys: {string.Join(", ", properties.Keys.Order(StringComparer.Ordinal))}");
                FailedKeys.Add(path);
                continue;
            }
            Marks[path] = keyNode.Start;
            var nullable = _nullability.Create(property).WriteState != NullabilityState.NotNull;
            if (TryConvert(valueNode, property.PropertyType, nullable, property.GetValue(target), path, out var value))
                property.SetValue(target, value);
        }
    }

    private bool TryConvert(YamlNode node, Type type, bool nullable, object? existing, string keyPath, out object? value)
    {
        value = null;
        var underlying = Nullable.GetUnderlyingType(type);
        if (node is YamlScalarNode nullScalar && IsNull(nullScalar) && (nullable || underlying is not null))
            return true;
        if (underlying is not null)
            type = underlying;

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Dictionary<,>))
            return TryConvertDictionary(node, type, keyPath, out value);
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>))
            return TryConvertList(node, type, keyPath, out value);
        if (type.IsClass && type != typeof(string))
        {
            var target = existing ?? Activator.CreateInstance(type)!;
            BindObject(node, target, keyPath);
            value = target;
            return true;
        }
        if (node is not YamlScalarNode scalar)
            return Fail(node, keyPath, $"expected {Describe(type)}, got a {(node is YamlSequenceNode ? "list" : "mapping")}");
        if (IsNull(scalar) && type != typeof(string))
            return Fail(node, keyPath, $"expected {Describe(type)}, got null");

        var missing = new List<string>();
        var text = EnvironmentSubstitution.Apply(scalar.Value ?? "", environment, missing);
        if (missing.Count > 0)
        {
            foreach (var name in missing)
                Fail(node, keyPath, $"environment variable '{name}' is not set; export it or write the value in the file");
            return false;
        }
        value = ParseScalar(text, type);
        return value is not null || Fail(node, keyPath, $"expected {Describe(type)}, got '{text}'");
    }

    private bool TryConvertDictionary(YamlNode node, Type type, string keyPath, out object? value)
    {
        value = null;
        if (node is YamlScalarNode empty && IsNull(empty))
        {
            value = Activator.CreateInstance(type, StringComparer.Ordinal);
            return true;
        }
        if (node is not YamlMappingNode mapping)
            return Fail(node, keyPath, "expected a mapping of names to sections");
        var dictionary = (IDictionary)Activator.CreateInstance(type, StringComparer.Ordinal)!;
        var valueType = type.GetGenericArguments()[1];
        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? "";
            var path = Join(keyPath, key);
            Marks[path] = keyNode.Start;
            if (TryConvert(valueNode, valueType, nullable: false, existing: null, path, out var item))
                dictionary[key] = item;
        }
        value = dictionary;
        return true;
    }

    private bool TryConvertList(YamlNode node, Type type, string keyPath, out object? value)
    {
        value = null;
        if (node is not YamlSequenceNode sequence)
            return Fail(node, keyPath, "expected a list, e.g. [a, b]");
        var list = (IList)Activator.CreateInstance(type)!;
        var itemType = type.GetGenericArguments()[0];
        var ok = true;
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            if (TryConvert(sequence.Children[i], itemType, nullable: false, existing: null, $"{keyPath}[{i}]", out var item))
                list.Add(item);
            else
                ok = false;
        }
        value = list;
        return ok;
    }

    private static object? ParseScalar(string text, Type type)
    {
        var invariant = CultureInfo.InvariantCulture;
        if (type == typeof(string))
            return text;
        if (type == typeof(int))
            return int.TryParse(text, NumberStyles.Integer, invariant, out var i) ? i : null;
        if (type == typeof(long))
            return long.TryParse(text, NumberStyles.Integer, invariant, out var l) ? l : null;
        if (type == typeof(double))
            return double.TryParse(text, NumberStyles.Float, invariant, out var d) ? d : null;
        if (type == typeof(float))
            return float.TryParse(text, NumberStyles.Float, invariant, out var f) ? f : null;
        if (type == typeof(bool))
            return text switch { "true" or "True" or "TRUE" => true, "false" or "False" or "FALSE" => false, _ => null };
        throw new NotSupportedException($"config properties of type {type.Name} are not supported");
    }

    private static string Describe(Type type) => type switch
    {
        _ when type == typeof(string) => "a string",
        _ when type == typeof(int) || type == typeof(long) => "an integer",
        _ when type == typeof(double) || type == typeof(float) => "a number",
        _ when type == typeof(bool) => "true or false",
        _ => type.Name,
    };

    private bool Fail(YamlNode node, string keyPath, string message)
    {
        Errors.Add($"{Location(node.Start)}: {(keyPath.Length == 0 ? "(top level)" : keyPath)}: {message}");
        FailedKeys.Add(keyPath);
        return false;
    }

    private static string Join(string keyPath, string key) => keyPath.Length == 0 ? key : $"{keyPath}.{key}";
}
