using DataGen.Schemas;

namespace DataGen.Pipeline.Engine;

/// <summary>
/// Holds finished rows and rejects until their prompt is complete and every earlier prompt has been written,
/// so the sink sees (prompt, path) order whatever the parallelism. A prompt is complete when no row of it is
/// still in flight: each row adds one to its prompt's count before it is handed on and removes one when a stage
/// is done with it. Admission of new prompts is bounded by the window, so the buffer is bounded and the
/// stages never block on it (no deadlock).
/// </summary>
internal sealed class ReorderBuffer : IDisposable
{
    private readonly object _gate = new();
    private readonly Dictionary<long, PromptSlot> _slots = [];
    private readonly SemaphoreSlim _admission;
    private readonly SemaphoreSlim _completed = new(0);
    private long _registered;
    private long _head;
    private readonly int _stageCount;
    private bool _feedDone;

    public ReorderBuffer(int window, int stageCount)
    {
        _admission = new SemaphoreSlim(window, window);
        _stageCount = stageCount;
    }

    /// <summary>Waits for a free slot in the window, then registers the next prompt with one row in flight.</summary>
    public async ValueTask<long> AdmitAsync(CancellationToken cancellationToken)
    {
        await _admission.WaitAsync(cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            var sequence = _registered++;
            _slots[sequence] = new PromptSlot(new PromptTally(_stageCount)) { InFlight = 1 };
            return sequence;
        }
    }

    /// <summary>A stage is about to hand one more row of this prompt to the next stage.</summary>
    public void AddInFlight(long sequence)
    {
        lock (_gate)
            _slots[sequence].InFlight++;
    }

    /// <summary>A stage is done with one row of this prompt.</summary>
    public void RemoveInFlight(long sequence)
    {
        bool completed;
        lock (_gate)
        {
            var slot = _slots[sequence];
            completed = --slot.InFlight == 0;
        }
        if (completed)
            _completed.Release();
    }

    /// <summary>The counts of a prompt still in the buffer (stages add to it while its rows are in flight).</summary>
    public PromptTally TallyOf(long sequence)
    {
        lock (_gate)
            return _slots[sequence].Tally;
    }

    /// <summary>
    /// A row of this prompt left by an exception (cancellation or a fault): the prompt can never be complete, so the
    /// writer stops before it instead of writing it without that row.
    /// </summary>
    public void Abandon(long sequence)
    {
        lock (_gate)
            _slots[sequence].Abandoned = true;
    }

    /// <summary>True when the writer stopped at an abandoned prompt.</summary>
    public bool StoppedAtAbandonedPrompt { get; private set; }

    public void Add(long sequence, TerminalRow row)
    {
        lock (_gate)
            _slots[sequence].Rows.Add(row);
    }

    public void MarkFeedDone()
    {
        lock (_gate)
            _feedDone = true;
        _completed.Release();
    }

    /// <summary>
    /// The rows of the next prompt in order once it is complete; null when the feed is done and all prompts were
    /// taken, or when the next prompt was abandoned (see <see cref="StoppedAtAbandonedPrompt"/>).
    /// </summary>
    public async ValueTask<CompletedPrompt?> TakeNextAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            lock (_gate)
            {
                if (_slots.TryGetValue(_head, out var slot) && slot.InFlight == 0)
                {
                    if (slot.Abandoned)
                    {
                        StoppedAtAbandonedPrompt = true;
                        return null;
                    }
                    _slots.Remove(_head);
                    _head++;
                    slot.Rows.Sort(static (a, b) => a.Path.CompareTo(b.Path));
                    return new CompletedPrompt(slot.Rows, slot.Tally);
                }
                if (_feedDone && _head == _registered)
                    return null;
            }
            await _completed.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The prompt taken last has been written to the sink: its window slot is free again.</summary>
    public void Release() => _admission.Release();

    public void Dispose()
    {
        _admission.Dispose();
        _completed.Dispose();
    }

    private sealed class PromptSlot(PromptTally tally)
    {
        public int InFlight;
        public bool Abandoned;
        public PromptTally Tally { get; } = tally;
        public List<TerminalRow> Rows { get; } = [];
    }
}
