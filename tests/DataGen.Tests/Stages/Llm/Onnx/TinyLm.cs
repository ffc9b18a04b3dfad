using DataGen.Stages.Llm.Onnx;

namespace DataGen.Tests.Stages.Llm.Onnx;

/// <summary>The random tiny LM fixture from the model factory (copied to the test output).</summary>
internal static class TinyLm
{
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "Fixtures", "tiny-lm");

    public static OnnxCausalLm Load() => OnnxCausalLm.Load(Folder, "cpu");

    /// <summary>A throwaway copy of the fixture folder that a test may break.</summary>
    public static string CopyToTemp()
    {
        var target = Path.Combine(Path.GetTempPath(), "datagen-tinylm-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(Folder))
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        return target;
    }
}
