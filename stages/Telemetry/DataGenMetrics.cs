using System.Diagnostics.Metrics;

namespace DataGen.Stages.Telemetry;

/// <summary>
/// The one "DataGen" meter and its instruments, shared by the engine, the sink and the LLM middleware so an OTLP
/// exporter or a MeterListener subscribing to <see cref="MeterName"/> sees every figure.
/// </summary>
public static class DataGenMetrics
{
    public const string MeterName = "DataGen";

    public const string StageRowsInName = "datagen.stage.rows_in";
    public const string StageRowsOutName = "datagen.stage.rows_out";
    public const string RejectsName = "datagen.rejects";
    public const string TokensName = "datagen.llm.tokens";
    public const string LlmDurationName = "datagen.llm.request.duration";
    public const string RowsWrittenName = "datagen.output.rows_written";

    public static readonly Meter Meter = new(MeterName);

    public static readonly Counter<long> StageRowsIn = Meter.CreateCounter<long>(StageRowsInName, "{row}", "Rows a stage took in (tag stage).");
    public static readonly Counter<long> StageRowsOut = Meter.CreateCounter<long>(StageRowsOutName, "{row}", "Rows a stage handed on (tag stage).");
    public static readonly Counter<long> Rejects = Meter.CreateCounter<long>(RejectsName, "{row}", "Rows rejected with their reason (tags stage, reason).");
    public static readonly Counter<long> Tokens = Meter.CreateCounter<long>(TokensName, "{token}", "LLM tokens (tags backend, direction input|output).");
    public static readonly Histogram<double> LlmDuration = Meter.CreateHistogram<double>(LlmDurationName, "ms", "LLM request latency (tags backend, outcome ok|error).");
    public static readonly Counter<long> RowsWritten = Meter.CreateCounter<long>(RowsWrittenName, "{row}", "Rows written to a dataset output (tag output: samples, sft, dpo, rejects).");

    public static void AddStageIn(string stage) => StageRowsIn.Add(1, new KeyValuePair<string, object?>("stage", stage));

    public static void AddStageOut(string stage) => StageRowsOut.Add(1, new KeyValuePair<string, object?>("stage", stage));

    public static void AddReject(string stage, string reason) =>
        Rejects.Add(1, new KeyValuePair<string, object?>("stage", stage), new KeyValuePair<string, object?>("reason", reason));

    public static void AddRowWritten(string output) => RowsWritten.Add(1, new KeyValuePair<string, object?>("output", output));

    public static void AddTokens(string backend, long input, long output)
    {
        if (input > 0)
            Tokens.Add(input, new KeyValuePair<string, object?>("backend", backend), new KeyValuePair<string, object?>("direction", "input"));
        if (output > 0)
            Tokens.Add(output, new KeyValuePair<string, object?>("backend", backend), new KeyValuePair<string, object?>("direction", "output"));
    }

    public static void RecordLlmDuration(string backend, double milliseconds, bool ok) =>
        LlmDuration.Record(milliseconds, new KeyValuePair<string, object?>("backend", backend), new KeyValuePair<string, object?>("outcome", ok ? "ok" : "error"));
}
