namespace DataGen.Pipeline.Inspect;

/// <summary>A run directory or Parquet file that cannot be inspected; the message names the path and the fix.</summary>
public sealed class InspectInputException(string message) : Exception(message);
