namespace DataGen.Pipeline.Build;

/// <summary>One-line explanations, with the fix, for I/O failures on the run's output folder.</summary>
public static class OutputErrors
{
    // errno values .NET reports as IOException.HResult on Unix.
    private const int NoSpace = 28;
    private const int QuotaExceeded = 122;

    public static bool IsDiskFull(Exception exception) =>
        exception is IOException io && (io.HResult is NoSpace or QuotaExceeded || io.Message.Contains("No space left", StringComparison.OrdinalIgnoreCase));

    /// <summary>Why the run folder could not be created, and what to do about it.</summary>
    public static string CannotCreate(string folder, Exception exception)
    {
        var blocker = FirstFileInTheWay(folder);
        var why = blocker is not null ? $"{blocker} is a file, not a folder"
            : exception is UnauthorizedAccessException ? "permission denied"
            : IsDiskFull(exception) ? "no space left on device"
            : exception.Message;
        return $"{folder}: cannot create the run folder ({why}); choose a writable folder with --out or run.output";
    }

    /// <summary>A fatal run error on an output file, with the fix appended when it is a full disk.</summary>
    public static string Describe(Exception exception) =>
        IsDiskFull(exception)
            ? $"{exception.GetType().Name}: {exception.Message}; the disk is full: free space there or point --out / run.output at a folder with room (unfinished outputs were removed)"
            : $"{exception.GetType().Name}: {exception.Message}";

    private static string? FirstFileInTheWay(string folder)
    {
        for (var dir = Path.GetFullPath(folder); !string.IsNullOrEmpty(dir); dir = Path.GetDirectoryName(dir))
        {
            if (File.Exists(dir))
                return dir;
        }
        return null;
    }
}
