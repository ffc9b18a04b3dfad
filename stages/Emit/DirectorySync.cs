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
        var fd = Open(directory, ReadOnly);
        if (fd < 0)
            return;
        _ = FileSync(fd);
        _ = Close(fd);
    }

    [DllImport("libc", EntryPoint = "open")]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "fsync")]
    private static extern int FileSync(int fd);

    [DllImport("libc", EntryPoint = "close")]
    private static extern int Close(int fd);
}
