namespace DataGen.Tests.Pipeline.Support;

/// <summary>Counts how many things are alive at once and remembers the most seen.</summary>
internal sealed class ConcurrencyProbe
{
    private int _current;
    private int _max;

    public int Max => Volatile.Read(ref _max);
    public int Current => Volatile.Read(ref _current);

    public void Enter()
    {
        var now = Interlocked.Increment(ref _current);
        int seen;
        while (now > (seen = Volatile.Read(ref _max)) && Interlocked.CompareExchange(ref _max, now, seen) != seen)
        {
        }
    }

    public void Exit() => Interlocked.Decrement(ref _current);
}
