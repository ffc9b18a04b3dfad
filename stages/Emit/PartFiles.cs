using System.Globalization;

namespace DataGen.Stages.Emit;

/// <summary>Names of an output's part files: part-00000.parquet, part-00001.parquet, … (sorted by name = written order).</summary>
public static class PartFiles
{
    public const string Prefix = "part-";
    public const string Extension = ".parquet";

    public static string Name(int index) => Prefix + index.ToString("D5", CultureInfo.InvariantCulture);

    /// <summary>The part index of a file name, or -1 when it is not a part file.</summary>
    public static int IndexOf(string file)
    {
        var name = Path.GetFileName(file);
        if (!name.StartsWith(Prefix, StringComparison.Ordinal) || !name.EndsWith(Extension, StringComparison.Ordinal))
            return -1;
        var digits = name.AsSpan(Prefix.Length, name.Length - Prefix.Length - Extension.Length);
        return int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var index) ? index : -1;
    }
}
