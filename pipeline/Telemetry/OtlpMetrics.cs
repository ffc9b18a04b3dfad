using DataGen.Stages.Telemetry;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace DataGen.Pipeline.Telemetry;

/// <summary>
/// OTLP export of the DataGen meter, switched on by the standard OTEL_EXPORTER_OTLP_ENDPOINT variable (the exporter
/// itself reads the other OTEL_EXPORTER_OTLP_* / OTEL_METRIC_EXPORT_INTERVAL settings).
/// </summary>
public static class OtlpMetrics
{
    public const string EndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public const string ServiceName = "datagen";

    public static bool IsConfigured => !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(EndpointVariable));

    /// <summary>Adds the DataGen meter and the OTLP exporter to a meter provider builder.</summary>
    public static MeterProviderBuilder AddDataGenOtlp(this MeterProviderBuilder builder) =>
        builder.ConfigureResource(resource => resource.AddService(ServiceName)).AddMeter(DataGenMetrics.MeterName).AddOtlpExporter();

    /// <summary>For `datagen build`: a meter provider exporting over OTLP when configured (dispose to flush), else null.</summary>
    public static MeterProvider? StartIfConfigured() =>
        IsConfigured ? Sdk.CreateMeterProviderBuilder().AddDataGenOtlp().Build() : null;
}
