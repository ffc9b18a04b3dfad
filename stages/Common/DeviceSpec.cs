using System.Globalization;

namespace DataGen.Stages;

/// <summary>Parses `auto | cpu | cuda[:N]`.</summary>
public readonly record struct DeviceSpec(string Kind, int DeviceId)
{
    public static bool IsValid(string? text) => TryParse(text, out _);

    public static bool TryParse(string? text, out DeviceSpec spec)
    {
        spec = default;
        if (text is "auto" or "cpu" or "cuda")
        {
            spec = new DeviceSpec(text, 0);
            return true;
        }
        if (text is not null && text.StartsWith("cuda:", StringComparison.Ordinal)
            && int.TryParse(text.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            spec = new DeviceSpec("cuda", id);
            return true;
        }
        return false;
    }
}
