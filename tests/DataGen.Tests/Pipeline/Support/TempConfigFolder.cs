namespace DataGen.Tests.Pipeline.Support;

/// <summary>A temporary folder with the files a valid pipeline.yaml references (prompt file, model folders, template).</summary>
internal sealed class TempConfigFolder : IDisposable
{
    public TempConfigFolder()
    {
        Path = Directory.CreateTempSubdirectory("datagen-config-").FullName;
        Directory.CreateDirectory(Combine("models/policy-lm"));
        Directory.CreateDirectory(Combine("models/tagger"));
        Directory.CreateDirectory(Combine("prompts/templates"));
        File.WriteAllText(Combine("prompts/demo.jsonl"), "{\"id\":\"a\",\"prompt\":\"hello\"}\n");
        File.WriteAllText(Combine("prompts/templates/synthesis.md"), "Continue: {{prefix}}\n");
    }

    public string Path { get; }

    public const string ValidYaml = """
        run:
          seed: 7
          max_failure_rate: 0.25
        prompts:
          path: prompts/demo.jsonl
        backends:
          embedded:
            type: onnx
            path: models/policy-lm
        sampling:
          backend: embedded
          samples_per_prompt: 2
          temperature: 0.7
          stop: ["\n\n"]
        classifier:
          model: models/tagger
        synthesis:
          backend: embedded
          template: prompts/templates/synthesis.md
        emit:
          dpo_kinds: [recover, clean]
        """;

    public string Combine(string relative) => System.IO.Path.Combine(Path, relative);

    public string Write(string yaml, string name = "pipeline.yaml")
    {
        var file = Combine(name);
        File.WriteAllText(file, yaml);
        return file;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
