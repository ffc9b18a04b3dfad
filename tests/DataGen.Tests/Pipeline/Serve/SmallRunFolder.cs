using DataGen.Tests.Infrastructure;

namespace DataGen.Tests.Pipeline.Serve;

/// <summary>
/// A temporary folder with a small valid pipeline.yaml against a fake OpenAI server: N prompts, 2 samples each, the
/// byte-level fixture classifier, the repository's synthesis template; extra YAML (e.g. a serve: section) is appended.
/// </summary>
internal sealed class SmallRunFolder : IDisposable
{
    public SmallRunFolder(string prefix = "datagen-small-")
    {
        Path = Directory.CreateTempSubdirectory(prefix).FullName;
    }

    public string Path { get; }

    public string Combine(string relative) => System.IO.Path.Combine(Path, relative);

    public string WritePrompts(int count)
    {
        var lines = Enumerable.Range(0, count).Select(i => $"{{\"id\": \"p{i}\", \"prompt\": \"Tell me about topic {i}.\"}}");
        var path = Combine("prompts.jsonl");
        File.WriteAllText(path, string.Join("\n", lines) + "\n");
        return path;
    }

    public static string Yaml(Uri baseUrl, string backend = "local", string prompts = "prompts.jsonl", string output = "out") => $"""
        run:
          seed: 5
          output: {output}
        prompts:
          path: {prompts}
        backends:
          {backend}:
            type: openai
            base_url: {baseUrl}
            model: scripted-model
            max_retries: 0
            max_concurrency: 4
        sampling:
          backend: {backend}
          samples_per_prompt: 2
          max_tokens: 32
        classifier:
          model: {System.IO.Path.Combine(AppContext.BaseDirectory, "Fixtures", "test-classifier")}
          batch_size: 4
        rewind:
          policy: sentence
          tokenizer: bytes
        synthesis:
          backend: {backend}
          template: {RepositoryPaths.File("prompts", "templates", "synthesis-instruct.md")}
          max_attempts: 1
        emit:
          marker: backtrack
          dpo_kinds: [recover, avoid]

        """;

    public string WriteConfig(string yaml, string name = "pipeline.yaml")
    {
        var path = Combine(name);
        File.WriteAllText(path, yaml);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A child process may still hold a file for a moment; the temp folder is left behind rather than failing the test.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
