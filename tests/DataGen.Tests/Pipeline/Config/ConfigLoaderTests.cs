using DataGen.Pipeline.Config;
using DataGen.Tests.Pipeline.Support;

namespace DataGen.Tests.Pipeline.Config;

public sealed class ConfigLoaderTests : IDisposable
{
    private readonly TempConfigFolder _folder = new();
    private readonly Dictionary<string, string> _environment = new(StringComparer.Ordinal);

    public void Dispose() => _folder.Dispose();

    private ConfigLoader Loader => new(name => _environment.GetValueOrDefault(name));

    private IReadOnlyList<string> Errors(string yaml) =>
        Assert.Throws<ConfigException>(() => Loader.Load(_folder.Write(yaml))).Errors;

    [Fact]
    public void A_valid_config_loads_with_its_values_and_the_defaults()
    {
        var loaded = Loader.Load(_folder.Write(TempConfigFolder.ValidYaml));

        var config = loaded.Config;
        Assert.Equal(7, config.Run.Seed);
        Assert.Equal(0.25, config.Run.MaxFailureRate);
        Assert.Equal(20, config.Run.MinRowsForFailureRate);
        Assert.Equal("onnx", config.Backends["embedded"].Type);
        Assert.Equal(2, config.Sampling.SamplesPerPrompt);
        Assert.Equal(0.7f, config.Sampling.Temperature);
        Assert.Equal(["\n\n"], config.Sampling.Stop);
        Assert.Equal(["recover", "clean"], config.Emit.DpoKinds);
        Assert.Equal(_folder.Path, loaded.BaseDirectory);
        Assert.Equal(_folder.Combine("prompts/demo.jsonl"), loaded.Resolve(config.Prompts.Path));
        Assert.Matches("^[0-9a-f]{64}$", loaded.Hash);
    }

    [Fact]
    public void An_unknown_key_is_reported_with_its_line_column_and_a_suggestion()
    {
        var errors = Errors(TempConfigFolder.ValidYaml.Replace("  temperature: 0.7", "  temprature: 0.7", StringComparison.Ordinal));

        var error = Assert.Single(errors);
        Assert.StartsWith($"{_folder.Combine("pipeline.yaml")}:13:3: unknown key 'sampling.temprature'; did you mean 'temperature'?", error, StringComparison.Ordinal);
        Assert.Contains("allowed keys: backend, concurrency, max_tokens", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("run:\n  seed: 1\n  output: [unclosed\nprompts:\n  path: x\n", 4)]
    [InlineData("run:\n  seed: 1\n output: bad indent\n", 3)]
    [InlineData("run:\n  seed: \"unterminated\n", 2)]
    public void Malformed_yaml_is_one_line_with_file_line_and_column(string yaml, int line)
    {
        var errors = Errors(yaml);

        var error = Assert.Single(errors);
        Assert.Matches($@"pipeline\.yaml:{line}:\d+: malformed YAML: ", error);
        Assert.DoesNotContain('\n', error);
    }

    [Fact]
    public void An_out_of_range_value_names_its_key_path_and_line()
    {
        var errors = Errors(TempConfigFolder.ValidYaml.Replace("samples_per_prompt: 2", "samples_per_prompt: 0", StringComparison.Ordinal));

        var error = Assert.Single(errors);
        Assert.EndsWith("pipeline.yaml:12:3: sampling.samples_per_prompt: must be between 1 and 1000 (got 0)", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_wrong_type_names_the_key_path_and_the_expected_type()
    {
        var errors = Errors(TempConfigFolder.ValidYaml.Replace("seed: 7", "seed: seven", StringComparison.Ordinal));

        Assert.Contains(errors, e => e.EndsWith("pipeline.yaml:2:9: run.seed: expected an integer, got 'seven'", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_problem_is_reported_together()
    {
        var yaml = TempConfigFolder.ValidYaml
            .Replace("temperature: 0.7", "temperature: 9", StringComparison.Ordinal)
            .Replace("  backend: embedded\n  template", "  backend: missing\n  template", StringComparison.Ordinal)
            .Replace("path: prompts/demo.jsonl", "path: prompts/none.jsonl", StringComparison.Ordinal);

        var errors = Errors(yaml);

        Assert.Contains(errors, e => e.Contains("sampling.temperature: must be between 0 and 5", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("synthesis.backend: backend 'missing' is not defined under backends: (defined: embedded)", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("prompts.path: file not found: " + _folder.Combine("prompts/none.jsonl"), StringComparison.Ordinal));
    }

    [Fact]
    public void Missing_model_folder_and_template_are_reported_against_the_config_folder()
    {
        var yaml = TempConfigFolder.ValidYaml
            .Replace("model: models/tagger", "model: models/nope", StringComparison.Ordinal)
            .Replace("template: prompts/templates/synthesis.md", "template: prompts/templates/nope.md", StringComparison.Ordinal);

        var errors = Errors(yaml);

        Assert.Equal(2, errors.Count);
        Assert.Contains(errors, e => e.Contains("classifier.model: folder not found: " + _folder.Combine("models/nope"), StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("synthesis.template: file not found: " + _folder.Combine("prompts/templates/nope.md"), StringComparison.Ordinal));
    }

    [Fact]
    public void A_missing_config_file_is_a_config_error_naming_the_path()
    {
        var missing = _folder.Combine("absent.yaml");

        var error = Assert.Single(Assert.Throws<ConfigException>(() => Loader.Load(missing)).Errors);

        Assert.Contains(missing, error, StringComparison.Ordinal);
        Assert.Contains("--config", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Environment_variables_are_substituted_in_scalars()
    {
        _environment["SAMPLES"] = "5";
        _environment["VLLM_URL"] = "http://127.0.0.1:8000/v1";
        _environment["VLLM_KEY"] = "secret";
        var yaml = TempConfigFolder.ValidYaml.Replace("samples_per_prompt: 2", "samples_per_prompt: ${SAMPLES}", StringComparison.Ordinal)
            + "\n  # synthesis on a server\n".Replace("\n  #", "\n#", StringComparison.Ordinal);
        yaml = yaml.Replace("backends:\n", "backends:\n  vllm:\n    type: openai\n    base_url: ${VLLM_URL}\n    model: m\n    api_key_env: VLLM_KEY\n", StringComparison.Ordinal)
            .Replace("  backend: embedded\n  template", "  backend: vllm\n  template", StringComparison.Ordinal);

        var config = Loader.Load(_folder.Write(yaml)).Config;

        Assert.Equal(5, config.Sampling.SamplesPerPrompt);
        Assert.Equal("http://127.0.0.1:8000/v1", config.Backends["vllm"].BaseUrl);
    }

    [Fact]
    public void A_missing_environment_variable_names_the_key_and_the_variable()
    {
        var yaml = TempConfigFolder.ValidYaml.Replace("samples_per_prompt: 2", "samples_per_prompt: ${SAMPLES}", StringComparison.Ordinal);

        var error = Assert.Single(Errors(yaml));

        Assert.EndsWith("pipeline.yaml:12:23: sampling.samples_per_prompt: environment variable 'SAMPLES' is not set; export it or write the value in the file", error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_hash_is_taken_before_substitution_so_secret_values_do_not_change_it()
    {
        var yaml = TempConfigFolder.ValidYaml.Replace("seed: 7", "seed: ${SEED}", StringComparison.Ordinal);
        _environment["SEED"] = "1";
        var first = Loader.Load(_folder.Write(yaml));
        _environment["SEED"] = "2";
        var second = Loader.Load(_folder.Write(yaml));
        var reordered = Loader.Load(_folder.Write(yaml.Replace("run:\n  seed: ${SEED}\n  max_failure_rate: 0.25", "run:\n  max_failure_rate: 0.25   # comment\n  seed: ${SEED}", StringComparison.Ordinal)));
        var changed = Loader.Load(_folder.Write(yaml.Replace("max_failure_rate: 0.25", "max_failure_rate: 0.3", StringComparison.Ordinal)));

        Assert.Equal(1, first.Config.Run.Seed);
        Assert.Equal(2, second.Config.Run.Seed);
        Assert.Equal(first.Hash, second.Hash);
        Assert.Equal(first.Hash, reordered.Hash);
        Assert.NotEqual(first.Hash, changed.Hash);
    }

    [Fact]
    public void A_referenced_backend_needs_its_api_key_variable_set()
    {
        var yaml = TempConfigFolder.ValidYaml.Replace("backends:\n", "backends:\n  vllm:\n    type: openai\n    base_url: http://127.0.0.1:8000/v1\n    model: m\n    api_key_env: VLLM_KEY\n", StringComparison.Ordinal)
            .Replace("  backend: embedded\n  template", "  backend: vllm\n  template", StringComparison.Ordinal);

        var error = Assert.Single(Errors(yaml));

        Assert.Contains("backends.vllm.api_key_env: environment variable 'VLLM_KEY' is not set", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_list_given_for_a_section_is_a_type_error_at_its_line()
    {
        var errors = Errors(TempConfigFolder.ValidYaml.Replace("emit:\n  dpo_kinds: [recover, clean]", "emit: [recover]", StringComparison.Ordinal));

        var error = Assert.Single(errors);
        Assert.EndsWith("pipeline.yaml:20:7: emit: expected a mapping of keys (key: value)", error, StringComparison.Ordinal);
    }
}
