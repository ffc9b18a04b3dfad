using DataGen.Pipeline.Config;
using DataGen.Tests.Pipeline.Support;

namespace DataGen.Tests.Pipeline.Config;

public sealed class ResilienceConfigTests : IDisposable
{
    private readonly TempConfigFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static ConfigLoader Loader => new(_ => null);

    private string File => _folder.Combine("pipeline.yaml");

    private static string WithRetry(string retryLines) => TempConfigFolder.ValidYaml.Replace(
        "    path: models/policy-lm\n", "    path: models/policy-lm\n    min_concurrency: 2\n    retry:\n" + retryLines, StringComparison.Ordinal);

    private IReadOnlyList<string> Errors(string yaml) => Assert.Throws<ConfigException>(() => Loader.Load(_folder.Write(yaml))).Errors;

    [Fact]
    public void Retry_and_budget_sections_bind_with_their_values_and_defaults()
    {
        var yaml = WithRetry("      max_attempts: 6\n      attempt_timeout_seconds: 2.5\n") + """

            budget:
              max_cost: 1.5
              max_tokens: 100000
              prices:
                embedded: {input_per_million: 0.15, output_per_million: 0.6}
            """;

        var config = Loader.Load(_folder.Write(yaml)).Config;

        var backend = config.Backends["embedded"];
        Assert.Equal((2, 6, 2.5, 1.0), (backend.MinConcurrency, backend.Retry.MaxAttempts, backend.Retry.AttemptTimeoutSeconds, backend.Retry.BaseDelaySeconds));
        Assert.Equal((1.5, 100000L), (config.Budget.MaxCost, config.Budget.MaxTokens));
        Assert.Equal((0.15, 0.6), (config.Budget.Prices["embedded"].InputPerMillion, config.Budget.Prices["embedded"].OutputPerMillion));
    }

    [Fact]
    public void Bad_retry_values_name_file_line_and_key()
    {
        var errors = Errors(WithRetry("      max_attempts: 0\n      max_delay_seconds: 0.5\n      base_delay_seconds: 2\n      breaker_failure_ratio: 1.5\n"));

        Assert.Contains(errors, e => e.StartsWith($"{File}:12:7: backends.embedded.retry.max_attempts: must be between 1 and 50 (got 0)", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith($"{File}:13:7: backends.embedded.retry.max_delay_seconds: must be >= base_delay_seconds (2)", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith($"{File}:15:7: backends.embedded.retry.breaker_failure_ratio: must be in (0, 1]", StringComparison.Ordinal));
        Assert.Equal(3, errors.Count);
    }

    [Fact]
    public void A_retry_key_that_does_not_exist_is_an_unknown_key_with_a_suggestion()
    {
        var error = Assert.Single(Errors(WithRetry("      max_attempt: 3\n")));

        Assert.StartsWith($"{File}:12:7: unknown key 'backends.embedded.retry.max_attempt'; did you mean 'max_attempts'?", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Min_concurrency_above_max_is_reported_at_its_line()
    {
        var yaml = TempConfigFolder.ValidYaml.Replace("    path: models/policy-lm\n", "    path: models/policy-lm\n    max_concurrency: 4\n    min_concurrency: 5\n", StringComparison.Ordinal);

        var error = Assert.Single(Errors(yaml));

        Assert.StartsWith($"{File}:11:5: backends.embedded.min_concurrency: must be between 1 and max_concurrency (4) (got 5)", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_budget_values_name_file_line_and_key()
    {
        var yaml = TempConfigFolder.ValidYaml + """

            budget:
              max_cost: -1
              max_tokens: 0
              prices:
                nowhere: {input_per_million: -2, output_per_million: 1}
            """;

        var errors = Errors(yaml);

        Assert.Contains(errors, e => e.StartsWith($"{File}:23:3: budget.max_cost: must be > 0 (got -1)", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith($"{File}:24:3: budget.max_tokens: must be > 0 (got 0)", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith($"{File}:26:15: budget.prices.nowhere.input_per_million: must be a price >= 0 (got -2)", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith($"{File}:26:5: budget.prices.nowhere: backend 'nowhere' is not defined under backends: (defined: embedded)", StringComparison.Ordinal));
    }

    [Fact]
    public void A_cost_cap_without_prices_is_an_error_saying_what_to_add()
    {
        var error = Assert.Single(Errors(TempConfigFolder.ValidYaml + "\nbudget:\n  max_cost: 5\n"));

        Assert.StartsWith($"{File}:23:3: budget.max_cost: needs prices; add budget.prices.BACKEND:", error, StringComparison.Ordinal);
    }
}
