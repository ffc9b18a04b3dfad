namespace DataGen.Stages.Spans;

/// <summary>Splits a long token sequence into overlapping windows that fit the model (special tokens excluded here).</summary>
public static class WindowPlanner
{
    /// <param name="tokenCount">Content tokens of the text.</param>
    /// <param name="contentPerWindow">Content tokens per window (window length minus BOS and EOS).</param>
    /// <param name="overlap">Tokens shared by consecutive windows; clamped below half a window.</param>
    public static IReadOnlyList<(int Start, int Length)> Plan(int tokenCount, int contentPerWindow, int overlap)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(contentPerWindow, 1);
        if (tokenCount <= contentPerWindow)
            return [(0, tokenCount)];
        var stride = Math.Max(1, contentPerWindow - Math.Clamp(overlap, 0, (contentPerWindow - 1) / 2));
        var windows = new List<(int, int)>();
        var start = 0;
        while (true)
        {
            if (start + contentPerWindow >= tokenCount)
            {
                // Last window is aligned to the end so it is full length rather than a short tail.
                windows.Add((tokenCount - contentPerWindow, contentPerWindow));
                return windows;
            }
            windows.Add((start, contentPerWindow));
            start += stride;
        }
    }
}
