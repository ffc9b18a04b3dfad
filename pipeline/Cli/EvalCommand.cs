using System.CommandLine;
using System.Globalization;
using DataGen.Pipeline.Config;
using DataGen.Pipeline.Eval;
using DataGen.Pipeline.Inspect;
using DataGen.Stages.Evaluation;
using DataGen.Stages.Llm.Onnx;
using DataGen.Stages.Prompts;
using DataGen.Stages.Spans;
using DataGen.Stages.Tokenization;
using Microsoft.Extensions.Logging;

namespace DataGen.Pipeline.Cli;

/// <summary>`datagen eval`: sample models on prompts, classify their final visible outputs, report toxicity and backtracking efficiency.</summary>
internal static class EvalCommand
{
    public const string DefaultClassifier = "models/tagger";

    public static Command Create()
    {
        var models = new Option<string[]>("--model") { Description = "ONNX model folder (model.json) or backend:NAME from --config; repeat to compare (the first is the baseline)", Required = true, AllowMultipleArgumentsPerToken = false };
        var prompts = new Option<string>("--prompts") { Description = "Prompt file (JSONL incl. RealToxicityPrompts, CSV, Parquet): the toxic-prompt group", Required = true };
        var benign = new Option<string?>("--benign-prompts") { Description = "Benign prompt file: reported as its own group (needless backtracks)" };
        var samples = new Option<int>("--samples") { Description = "Samples per prompt (K of expected maximum toxicity)", DefaultValueFactory = _ => 1 };
        var config = new Option<string?>("--config") { Description = "pipeline.yaml: its backends (for backend:NAME) and classifier" };
        var classifierDir = new Option<string?>("--classifier") { Description = $"Classifier folder (default: the config's classifier, else {DefaultClassifier})" };
        var maxTokens = new Option<int>("--max-tokens") { Description = "Most tokens generated per response", DefaultValueFactory = _ => 64 };
        var temperature = new Option<float>("--temperature") { DefaultValueFactory = _ => 1f, Description = "Sampling temperature (0 = greedy)" };
        var topP = new Option<float>("--top-p") { DefaultValueFactory = _ => 1f, Description = "Nucleus cut in (0, 1]" };
        var seed = new Option<long>("--seed") { DefaultValueFactory = _ => 1234, Description = "Run seed; each sample's seed derives from (seed, prompt id, sample index)" };
        var markerBias = new Option<float?>("--marker-bias") { Description = "Added to every marker's logit (embedded models; negative = fewer backtracks)" };
        var maxBacktracks = new Option<int?>("--max-backtracks") { Description = "Backtracks allowed per response (embedded models; default 4)" };
        var output = new Option<string>("--output") { Description = "JSON report (written atomically)", DefaultValueFactory = _ => "eval-report.json" };
        var responses = new Option<string?>("--responses") { Description = "Also write every response (text, spans, stats) to this JSONL file" };
        var limit = new Option<int?>("--limit") { Description = "Use only the first N prompts of each file" };
        var device = new Option<string>("--device") { Description = "auto | cpu | cuda[:N] for embedded models and the classifier", DefaultValueFactory = _ => "auto" };
        var concurrency = new Option<int>("--concurrency") { Description = "Requests in flight per model", DefaultValueFactory = _ => 32 };
        var command = new Command("eval", "Evaluate models: toxic-output rate, expected maximum toxicity, backtracks and token cost, latency.")
        {
            models, prompts, benign, samples, config, classifierDir, maxTokens, temperature, topP, seed, markerBias, maxBacktracks,
            output, responses, limit, device, concurrency,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var stderr = parse.InvocationConfiguration.Error;
            var settings = new EvalSettings(parse.GetValue(samples), parse.GetValue(seed), parse.GetValue(maxTokens), parse.GetValue(temperature),
                parse.GetValue(topP), parse.GetValue(maxBacktracks), parse.GetValue(markerBias), parse.GetValue(concurrency));
            if (Check(settings, parse.GetValue(limit), parse.GetValue(device)!) is { } usage)
            {
                await stderr.WriteLineAsync($"error: {usage}");
                return ExitCodes.ConfigError;
            }
            try
            {
                using var loggers = LoggerFactory.Create(b => b
                    .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace)
                    .AddSimpleConsole(o => o.SingleLine = true)
                    .AddFilter(level => level >= LogLevel.Warning));
                var loaded = parse.GetValue(config) is { } configPath ? new ConfigLoader().Load(configPath) : null;
                var promptList = await ReadPromptsAsync(parse.GetValue(prompts)!, "toxic", parse.GetValue(limit), stderr, cancellationToken);
                var benignPath = parse.GetValue(benign);
                if (benignPath is not null)
                    promptList.AddRange(await ReadPromptsAsync(benignPath, "benign", parse.GetValue(limit), stderr, cancellationToken));
                var classifierOptions = ClassifierFor(loaded, parse.GetValue(classifierDir), parse.GetValue(device)!);
                await using var classifier = SpanClassifierFactory.Create(classifierOptions.Options, classifierOptions.BaseDirectory, loggers);
                var factory = new EvalTargetFactory(loaded, parse.GetValue(device)!, Math.Min(settings.Concurrency, 64), settings.MaxBacktracks, settings.MarkerBias, loggers);
                var run = new EvalSession(classifier, settings, factory, stderr);
                var result = await run.RunAsync(parse.GetValue(models)!, promptList, benignPath is not null, cancellationToken);
                var report = new EvalReport(EvalReport.FormatName, DateTimeOffset.UtcNow, Path.GetFullPath(parse.GetValue(prompts)!),
                    benignPath is null ? null : Path.GetFullPath(benignPath), classifier.Identity.Path, settings, result.Models, result.Comparisons);
                await EvalFiles.WriteReportAsync(parse.GetValue(output)!, report, cancellationToken);
                if (parse.GetValue(responses) is { } responsesPath)
                    await EvalFiles.WriteResponsesAsync(responsesPath, result.Responses, cancellationToken);
                new EvalConsoleView(InspectConsole.Create(stdout)).Render(report);
                await stdout.WriteLineAsync($"report: {Path.GetFullPath(parse.GetValue(output)!)}");
                return result.Models.Any(m => m.Groups.All(g => g.Responses == 0)) ? ExitCodes.RunFailed : ExitCodes.Ok;
            }
            catch (Exception e) when (e is ModelFolderException or ConfigException or PromptSourceException or ArgumentException
                                          or FileNotFoundException or InvalidDataException or InvalidOperationException)
            {
                await stderr.WriteLineAsync($"error: {(e is ConfigException c ? string.Join(Environment.NewLine + "error: ", c.Errors) : e.Message)}");
                return ExitCodes.ConfigError;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                await stderr.WriteLineAsync("cancelled; no report written");
                return ExitCodes.Cancelled;
            }
        });
        return command;
    }

    private static string? Check(EvalSettings s, int? limit, string device)
    {
        if (s.Samples is < 1 or > 1000)
            return $"--samples: must be between 1 and 1000 (got {s.Samples})";
        if (s.MaxTokens is < 1 or > 100_000)
            return $"--max-tokens: must be between 1 and 100000 (got {s.MaxTokens})";
        if (s.Temperature is < 0 or > 10)
            return string.Create(CultureInfo.InvariantCulture, $"--temperature: must be in [0, 10] (got {s.Temperature})");
        if (s.TopP is <= 0 or > 1)
            return string.Create(CultureInfo.InvariantCulture, $"--top-p: must be in (0, 1] (got {s.TopP})");
        if (s.MaxBacktracks is < 0 or > 1000)
            return $"--max-backtracks: must be between 0 and 1000 (got {s.MaxBacktracks})";
        if (s.MarkerBias is { } bias && (!float.IsFinite(bias) || bias is < -100 or > 100))
            return string.Create(CultureInfo.InvariantCulture, $"--marker-bias: must be in [-100, 100] (got {bias})");
        if (s.Concurrency is < 1 or > 4096)
            return $"--concurrency: must be between 1 and 4096 (got {s.Concurrency})";
        if (limit is < 1)
            return $"--limit: must be at least 1 (got {limit})";
        return Stages.DeviceSpec.IsValid(device) ? null : $"--device: '{device}' is not allowed; use auto, cpu, cuda or cuda:N";
    }

    private static (ClassifierOptions Options, string BaseDirectory) ClassifierFor(LoadedConfig? config, string? folder, string device)
    {
        if (folder is not null)
            return (new ClassifierOptions { Model = folder, Device = device }, Environment.CurrentDirectory);
        if (config is not null)
            return (config.Config.Classifier, config.BaseDirectory);
        return (new ClassifierOptions { Model = DefaultClassifier, Device = device }, Environment.CurrentDirectory);
    }

    private static async Task<List<EvalPrompt>> ReadPromptsAsync(string path, string group, int? limit, TextWriter stderr, CancellationToken cancellationToken)
    {
        var reader = new PromptFileReader(new PromptSourceOptions { Path = path }, Environment.CurrentDirectory);
        var list = new List<EvalPrompt>();
        var rejected = 0;
        await foreach (var result in reader.ReadAsync(cancellationToken))
        {
            if (result.Reject is { } reject)
            {
                if (rejected++ == 0)
                    await stderr.WriteLineAsync($"warning: skipped prompt: {reject.Message}");
                continue;
            }
            list.Add(new EvalPrompt(result.Prompt!.Id, group, result.Prompt.Messages));
            if (list.Count == limit)
                break;
        }
        if (rejected > 1)
            await stderr.WriteLineAsync($"warning: {rejected} prompts of {path} skipped in all");
        if (list.Count == 0)
            throw new ArgumentException($"--prompts {path}: no usable prompts; check the file's format (JSONL with \"prompt\", CSV with a prompt column, Parquet)");
        return list;
    }
}
