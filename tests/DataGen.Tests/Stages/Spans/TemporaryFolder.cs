namespace DataGen.Tests.Stages.Spans;

/// <summary>A fresh folder under the temp directory, deleted on dispose.</summary>
internal sealed class TemporaryFolder : IDisposable
{
    public TemporaryFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "datagen-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Copies a fixture model folder here (optionally replacing classifier.json) and returns the copy's path.</summary>
    public string CopyModel(string source, string? descriptorJson = null, string? onnxFrom = null)
    {
        var target = System.IO.Path.Combine(Path, "model-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(source))
            System.IO.File.Copy(file, System.IO.Path.Combine(target, System.IO.Path.GetFileName(file)));
        if (onnxFrom is not null)
            System.IO.File.Copy(System.IO.Path.Combine(onnxFrom, "model.onnx"), System.IO.Path.Combine(target, "model.onnx"), overwrite: true);
        if (descriptorJson is not null)
            System.IO.File.WriteAllText(System.IO.Path.Combine(target, "classifier.json"), descriptorJson);
        return target;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // best effort: a leftover temp folder is harmless
        }
    }
}
