namespace DataGen.Tests.Pipeline.Telemetry;

/// <summary>The DataGen meter is process-wide: tests that count its measurements run alone, not beside other builds.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MeterCollection
{
    public const string Name = "DataGen meter";
}
