using DataGen.Schemas;

namespace DataGen.Pipeline.Engine;

/// <summary>Adds committed prompts' tallies onto the totals an earlier session left; used by the single sink writer.</summary>
public sealed class RunTotalsBuilder
{
    private readonly List<string> _order = [];
    private readonly Dictionary<string, Accumulator> _stages = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, long> _rejectsByReason = new(StringComparer.Ordinal);
    private readonly string[] _stageNames;
    private long _prompts;
    private long _rows;
    private long _rejects;

    /// <param name="stageNames">The feed's name, then each stage's, in the order of <see cref="PromptTally.All"/>.</param>
    public RunTotalsBuilder(RunTotals start, IReadOnlyList<string> stageNames)
    {
        ArgumentNullException.ThrowIfNull(start);
        ArgumentNullException.ThrowIfNull(stageNames);
        _stageNames = [.. stageNames];
        _prompts = start.PromptsCommitted;
        _rows = start.RowsWritten;
        _rejects = start.RejectsWritten;
        foreach (var (reason, count) in start.RejectsByReason)
            _rejectsByReason[reason] = count;
        foreach (var stage in start.Stages)
            Get(stage.Name).Add(stage.In, stage.Out, stage.Rejected, stage.BusySeconds, stage.Usage);
        foreach (var name in _stageNames)
            Get(name);
    }

    public long PromptsCommitted => _prompts;

    public void Add(PromptTally tally)
    {
        ArgumentNullException.ThrowIfNull(tally);
        _prompts++;
        _rows += tally.RowsWritten;
        _rejects += tally.RejectsWritten;
        foreach (var (reason, count) in tally.RejectsByReason)
            _rejectsByReason[reason] = _rejectsByReason.GetValueOrDefault(reason) + count;
        for (var i = 0; i < tally.All.Count && i < _stageNames.Length; i++)
        {
            var stage = tally.All[i];
            Get(_stageNames[i]).Add(stage.In, stage.Out, stage.Rejected, stage.Busy.TotalSeconds, stage.Usage);
        }
    }

    public RunTotals Build() => new(
        _prompts, _rows, _rejects,
        new SortedDictionary<string, long>(_rejectsByReason, StringComparer.Ordinal),
        [.. _order.Select(name => _stages[name].ToTotals(name))]);

    private Accumulator Get(string name)
    {
        if (!_stages.TryGetValue(name, out var accumulator))
        {
            accumulator = new Accumulator();
            _stages[name] = accumulator;
            _order.Add(name);
        }
        return accumulator;
    }

    private sealed class Accumulator
    {
        private readonly SortedDictionary<string, TokenUsage> _usage = new(StringComparer.Ordinal);
        private long _in;
        private long _out;
        private long _rejected;
        private double _busySeconds;

        public void Add(long @in, long @out, long rejected, double busySeconds, IReadOnlyDictionary<string, TokenUsage> usage)
        {
            _in += @in;
            _out += @out;
            _rejected += rejected;
            _busySeconds += busySeconds;
            foreach (var (backend, tokens) in usage)
                _usage[backend] = _usage.TryGetValue(backend, out var total) ? total.Add(tokens) : tokens;
        }

        public StageTotals ToTotals(string name) =>
            new(name, _in, _out, _rejected, _busySeconds, new SortedDictionary<string, TokenUsage>(_usage, StringComparer.Ordinal));
    }
}
