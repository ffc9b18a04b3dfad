using System.Diagnostics;
using DataGen.Stages.Spans;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.ML.OnnxRuntime;

namespace DataGen.Benchmarks;

/// <summary>
/// (2) The span classifier as the stage uses it (tokenising, micro-batching at concurrency 32, span extraction) against
/// bare InferenceSession.Run on the same texts pre-tokenised into full batches of 32, each sorted by length and padded
/// to its longest row (the batches the stage forms when every batch fills).
/// </summary>
public sealed class ClassifierBenchmark(RepositoryLayout repo, BenchScale scale)
{
    private const int BatchSize = 32;
    private const int Rounds = 3;
    private const double Required = 0.85;

    public async Task<BenchmarkReport> RunAsync()
    {
        var texts = BenchTexts.Make(scale.ClassifierTexts, 40, 400, seed: 11);
        var warmup = texts.Take(BatchSize * 2).ToArray();
        var report = new BenchmarkReport($"2. Classifier stage vs raw ONNX Runtime (models/tagger, {texts.Length:N0} texts of 40-400 chars, batch {BatchSize})");

        var options = new ClassifierOptions { Model = repo.Tagger, Device = "cpu", BatchSize = BatchSize, Concurrency = BatchSize, MaxWaitMs = 5 };
        await using var stage = SpanClassifierFactory.CreateMicroBatching(options, repo.Root, NullLoggerFactory.Instance);
        var descriptor = ClassifierDescriptor.Load(repo.Tagger);
        using var sessionOptions = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        using var session = new InferenceSession(descriptor.OnnxPath, sessionOptions);
        var raw = new RawBatches(session, descriptor, texts, BatchSize);
        using var rawWarm = new RawBatches(session, descriptor, warmup, BatchSize);

        await ClassifyAllAsync(stage, warmup);
        rawWarm.RunAll();
        double bestStage = 0, bestRaw = 0;
        long batchesBefore = 0, windowsBefore = 0, batches = 0, windows = 0;
        for (var round = 0; round < Rounds; round++)
        {
            batchesBefore = stage.BatchCount;
            windowsBefore = stage.WindowCount;
            var clock = Stopwatch.StartNew();
            var toxic = await ClassifyAllAsync(stage, texts);
            bestStage = Math.Max(bestStage, texts.Length / clock.Elapsed.TotalSeconds);
            batches = stage.BatchCount - batchesBefore;
            windows = stage.WindowCount - windowsBefore;
            clock.Restart();
            raw.RunAll();
            bestRaw = Math.Max(bestRaw, texts.Length / clock.Elapsed.TotalSeconds);
            if (round == 0)
                report.Notes.Add($"{toxic} of {texts.Length} texts had spans above the model's threshold.");
        }
        raw.Dispose();

        // Where the stage's time goes besides Run: tokenising alone, on one thread.
        var tokenClock = Stopwatch.StartNew();
        foreach (var t in texts)
            _ = descriptor.Tokenizer.Encode(t);
        var tokenizeRate = texts.Length / tokenClock.Elapsed.TotalSeconds;

        var ratio = bestStage / bestRaw;
        report.Add("stage rows/s (best of 3)", bestStage, "rows/s");
        report.Add("raw InferenceSession.Run rows/s (best of 3)", bestRaw, "rows/s");
        report.Add("stage / raw", ratio, "", "F3");
        report.Add("stage: mean windows per ONNX run", windows / (double)Math.Max(1, batches), "", "F1");
        report.Add("tokenising alone, one thread", tokenizeRate, "rows/s");
        report.Target = new TargetCheck($"stage / raw >= {Required}", ratio, Required);
        if (!report.Target.Met)
        {
            report.Notes.Add($"Missed: the stage ran {batches} ONNX batches for {windows} windows (mean {windows / (double)Math.Max(1, batches):F1} of {BatchSize}); " +
                $"tokenising costs {1e6 / tokenizeRate:F1} us/row against {1e6 / bestRaw:F1} us/row for the model run itself.");
        }
        return report;
    }

    /// <summary>Classifies every text with <see cref="BatchSize"/> rows in flight, as the span stage does; returns how many had spans.</summary>
    private static async Task<int> ClassifyAllAsync(ISpanClassifier classifier, string[] texts)
    {
        var next = -1;
        var toxic = 0;
        var workers = Enumerable.Range(0, BatchSize).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < texts.Length)
            {
                var prediction = await classifier.ClassifyAsync(texts[i], CancellationToken.None);
                if (prediction.IsToxic)
                    Interlocked.Increment(ref toxic);
            }
        }).ToArray();
        await Task.WhenAll(workers);
        return toxic;
    }
}
