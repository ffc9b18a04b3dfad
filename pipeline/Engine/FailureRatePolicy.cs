using System.Globalization;

namespace DataGen.Pipeline.Engine;

/// <summary>The run fails when rejects / rows processed exceeds the limit once enough rows were processed to judge.</summary>
public sealed record FailureRatePolicy(double MaxFailureRate, long MinRows)
{
    /// <summary>A message saying why the run fails, or null while the rate is acceptable.</summary>
    public string? Check(long rowsProcessed, long rejects)
    {
        if (rowsProcessed < MinRows || rowsProcessed == 0)
            return null;
        var rate = (double)rejects / rowsProcessed;
        return rate > MaxFailureRate
            ? string.Create(CultureInfo.InvariantCulture, $"{rejects} of {rowsProcessed} rows were rejected ({rate:P1}), above run.max_failure_rate {MaxFailureRate:P1}; see the rejects by reason")
            : null;
    }
}
