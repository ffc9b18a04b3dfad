using System.Diagnostics;

namespace DataGen.Tests.Pipeline.BadInput;

/// <summary>Real small filesystems for disk-full cases (tmpfs via mount(8)); unmounted on dispose.</summary>
internal sealed class Mounts : IDisposable
{
    private readonly List<string> _mounted = [];

    public bool TryTmpfs(string folder, string size, out string why)
    {
        var (exit, output) = Run("mount", "-t", "tmpfs", "-o", $"size={size}", "tmpfs", folder);
        why = output.Trim();
        if (exit != 0)
            return false;
        _mounted.Add(folder);
        return true;
    }

    public void Dispose()
    {
        foreach (var folder in _mounted)
            Run("umount", folder);
    }

    private static (int Exit, string Output) Run(string file, params string[] args)
    {
        try
        {
            var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in args)
                start.ArgumentList.Add(arg);
            using var process = Process.Start(start)!;
            var output = process.StandardError.ReadToEnd() + process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, output);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return (-1, ex.Message);
        }
    }
}
