using System.Runtime.InteropServices;

namespace DataGen.Stages.Emit;

/// <summary>
/// fsync of a folder, so renames inside it survive a power loss (POSIX only; Windows commits renames with the
/// file system journal and has no folder handle to flush). A failure is ignored: the rename itself already happened.
/// </summary>
public static class DirectorySync
{
    private const int ReadOnly = 0;

    public static void Flush(string directory)
    {
        if (OperatingSystem.IsWindows())
            return;
        try
        {
            var fd = Open(directory, ReadOnly);
            if (fd < 0)
                return;
            _ = FileSync(fd);
            _ = Close(fd);
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            // No libc under that name (e.g. macOS names it differently): the rename stands, unsynced.
        }
    }

    [DllImport("libc", EntryPoint = "open")]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "fsync")]
    private static extern int FileSync(int fd);

    [DllImport("libc", EntryPoint = "close")]
    private static extern int Close(int fd);
}
