using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text;
using DataGen.Stages.Telemetry;

namespace DataGen.Pipeline.Telemetry;

/// <summary>
/// Totals of every DataGen instrument since this object was created, keyed "name{tag=value,...}" (tags sorted):
/// counters are summed, histograms give ".count" and ".sum". Feeds the metrics part of /status; OTLP gets the raw stream.
/// </summary>
public sealed class MetricTotals : IDisposable
{
    private readonly ConcurrentDictionary<string, double> _totals = new(StringComparer.Ordinal);
    private readonly MeterListener _listener = new();

    public MetricTotals()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == DataGenMetrics.MeterName)
                listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.Start();
    }

    public IReadOnlyDictionary<string, double> Snapshot() => new SortedDictionary<string, double>(_totals, StringComparer.Ordinal);

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var key = Key(instrument.Name, tags);
        if (instrument is Histogram<double> or Histogram<long>)
        {
            _totals.AddOrUpdate(key + ".count", 1, (_, n) => n + 1);
            _totals.AddOrUpdate(key + ".sum", value, (_, n) => n + value);
        }
        else
        {
            _totals.AddOrUpdate(key, value, (_, n) => n + value);
        }
    }

    internal static string Key(string name, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.Length == 0)
            return name;
        var sorted = tags.ToArray();
        Array.Sort(sorted, (a, b) => string.CompareOrdinal(a.Key, b.Key));
        var key = new StringBuilder(name).Append('{');
        for (var i = 0; i < sorted.Length; i++)
            key.Append(i == 0 ? "" : ",").Append(sorted[i].Key).Append('=').Append(sorted[i].Value);
        return key.Append('}').ToString();
    }

    public void Dispose() => _listener.Dispose();
}
