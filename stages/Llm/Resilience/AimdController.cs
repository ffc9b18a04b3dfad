namespace DataGen.Stages.Llm.Resilience;

/// <summary>
/// Additive-increase / multiplicative-decrease of a concurrency limit between Min and Max. The limit grows by one
/// after a window of successes as long as the limit; it halves on an overload signal (429, try timeout), at most once
/// per window: requests admitted before a decrease were sent under the old limit, so their overloads do not count again.
/// Not thread-safe: <see cref="AdaptiveConcurrencyLimiter"/> calls it under its lock.
/// </summary>
public sealed class AimdController
{
    private int _successes;
    private long _admissionsSinceDecrease = long.MaxValue;

    public AimdController(int min, int max)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(min, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, min);
        Min = min;
        Max = max;
        Current = max;
        Lowest = max;
    }

    public int Min { get; }
    public int Max { get; }
    public int Current { get; private set; }

    /// <summary>Lowest limit the run has had.</summary>
    public int Lowest { get; private set; }

    public int Increases { get; private set; }
    public int Decreases { get; private set; }

    /// <summary>A request was let through the limit.</summary>
    public void OnAdmitted()
    {
        if (_admissionsSinceDecrease < long.MaxValue)
            _admissionsSinceDecrease++;
    }

    /// <summary>A try succeeded; returns true when the limit rose.</summary>
    public bool OnSuccess()
    {
        if (Current >= Max)
            return false;
        if (++_successes < Current)
            return false;
        _successes = 0;
        Current++;
        Increases++;
        return true;
    }

    /// <summary>The backend said it is overloaded; returns true when the limit fell.</summary>
    public bool OnOverload()
    {
        _successes = 0;
        if (_admissionsSinceDecrease < Current || Current <= Min)
            return false;
        Current = Math.Max(Min, Current / 2);
        Lowest = Math.Min(Lowest, Current);
        Decreases++;
        _admissionsSinceDecrease = 0;
        return true;
    }
}
