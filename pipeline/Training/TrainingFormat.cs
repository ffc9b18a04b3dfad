using System.Globalization;

namespace DataGen.Pipeline.Training;

/// <summary>Number formatting shared by the live display and the log lines.</summary>
internal static class TrainingFormat
{
    public static string Number(double? value) => value is { } v ? v.ToString("0.####", CultureInfo.InvariantCulture) : "-";
}
