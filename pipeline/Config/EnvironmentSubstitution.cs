using System.Text.RegularExpressions;

namespace DataGen.Pipeline.Config;

/// <summary>Replaces ${NAME} in a scalar with the environment variable's value; reports names that are not set.</summary>
internal static partial class EnvironmentSubstitution
{
    public static string Apply(string value, Func<string, string?> lookup, List<string> missing)
    {
        if (!value.Contains("${", StringComparison.Ordinal))
            return value;
        return VariablePattern().Replace(value, match =>
        {
            var name = match.Groups[1].Value;
            var found = lookup(name);
            if (found is null)
                missing.Add(name);
            return found ?? "";
        });
    }

    [GeneratedRegex(@"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")]
    private static partial Regex VariablePattern();
}
