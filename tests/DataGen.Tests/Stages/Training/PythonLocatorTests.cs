using DataGen.Stages.Training;

namespace DataGen.Tests.Stages.Training;

public sealed class PythonLocatorTests : IDisposable
{
    private const string SystemPython = "/usr/bin/python3";
    private readonly string _folder = Directory.CreateTempSubdirectory("datagen-python-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static Task<PythonInterpreter> Locate(string setting) =>
        new PythonLocator(TimeSpan.FromMinutes(2)).LocateAsync(setting, "train.python", TestContext.Current.CancellationToken);

    [Fact]
    public async Task Locate_InterpreterWithoutTorch_SaysWhatToInstall()
    {
        if (!File.Exists(SystemPython))
            Assert.Skip($"{SystemPython} not present");
        // A real interpreter without site-packages: `-S` hides every installed module, torch included.
        var noTorch = Path.Combine(_folder, "python-without-torch");
        await File.WriteAllTextAsync(noTorch, $"#!/bin/sh\nexec {SystemPython} -S \"$@\"\n", TestContext.Current.CancellationToken);
        File.SetUnixFileMode(noTorch, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var error = await Assert.ThrowsAsync<TrainingSetupException>(() => Locate(noTorch));

        Assert.StartsWith($"train: PyTorch is not importable by {noTorch}", error.Message, StringComparison.Ordinal);
        Assert.Contains("sudo apt install python3-torch libopenblas0-pthread", error.Message, StringComparison.Ordinal);
        Assert.Contains("pip install torch", error.Message, StringComparison.Ordinal);
        Assert.Contains("or set train.python", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public async Task Locate_ProgramThatIsNotPython_NamesTheSetting()
    {
        var error = await Assert.ThrowsAsync<TrainingSetupException>(() => Locate("/bin/false"));

        Assert.StartsWith("train.python: /bin/false is not a working Python 3 interpreter (exit 1)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Locate_MissingPath_SaysNoInterpreterFound()
    {
        var missing = Path.Combine(_folder, "python9");

        var error = await Assert.ThrowsAsync<TrainingSetupException>(() => Locate(missing));

        Assert.Equal($"train.python: no Python interpreter found ({missing} does not exist or cannot be run); install Python 3 with PyTorch "
            + "(`sudo apt install python3 python3-torch libopenblas0-pthread` on Debian, or `pip install torch`), or set train.python", error.Message);
    }

    [Fact]
    public async Task Locate_InterpreterWithTorch_ReportsVersions()
    {
        if (!File.Exists(SystemPython))
            Assert.Skip($"{SystemPython} not present");
        PythonInterpreter found;
        try
        {
            found = await Locate(SystemPython);
        }
        catch (TrainingSetupException e) when (e.Message.Contains("PyTorch is not importable", StringComparison.Ordinal))
        {
            Assert.Skip($"{SystemPython} has no torch here");
            return;
        }
        Assert.Equal(SystemPython, found.Command);
        Assert.True(File.Exists(found.Executable), found.Executable);
        Assert.StartsWith("3.", found.PythonVersion, StringComparison.Ordinal);
        Assert.Matches(@"^\d+\.\d+", found.TorchVersion);
    }
}
