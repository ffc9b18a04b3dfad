namespace DataGen.Pipeline.Engine;

/// <summary>
/// Position of a row inside its prompt: the output index at each stage. Rows of one prompt are written in
/// lexicographic path order, which is what a depth-first sequential run produces, whatever the parallelism.
/// A reject takes its input's path plus <see cref="RejectStep"/>, so it sorts after outputs its input already yielded.
/// </summary>
internal readonly struct RowPath : IComparable<RowPath>
{
    public const int RejectStep = int.MaxValue;

    private readonly int[]? _steps;

    private RowPath(int[] steps) => _steps = steps;

    public static RowPath Root => default;

    public int Length => _steps?.Length ?? 0;

    public RowPath Append(int step)
    {
        var steps = new int[Length + 1];
        _steps?.CopyTo(steps, 0);
        steps[^1] = step;
        return new RowPath(steps);
    }

    public int CompareTo(RowPath other)
    {
        var a = _steps ?? [];
        var b = other._steps ?? [];
        for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
        {
            var c = a[i].CompareTo(b[i]);
            if (c != 0)
                return c;
        }
        return a.Length.CompareTo(b.Length);
    }

    public override string ToString() => string.Join('.', _steps ?? []);
}
