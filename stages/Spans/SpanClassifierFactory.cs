using Microsoft.Extensions.Logging;

namespace DataGen.Stages.Spans;

/// <summary>Builds the span classifier from the `classifier:` options: descriptor, ONNX session, micro-batcher.</summary>
public static class SpanClassifierFactory
{
    public const string IdentityKind = "token-classifier";

    /// <param name="baseDirectory">Folder that a relative <see cref="ClassifierOptions.Model"/> resolves against (the config's folder).</param>
    public static ISpanClassifier Create(ClassifierOptions options, string baseDirectory, ILoggerFactory loggers)
        => CreateMicroBatching(options, baseDirectory, loggers);

    /// <summary>Same as <see cref="Create"/>, typed so callers can read batch counters and the active device.</summary>
    public static MicroBatchingSpanClassifier CreateMicroBatching(ClassifierOptions options, string baseDirectory, ILoggerFactory loggers)
    {
        var errors = options.Validate("classifier").ToList();
        if (errors.Count > 0)
            throw new ArgumentException(string.Join("; ", errors));
        var folder = Path.GetFullPath(Path.Combine(baseDirectory, options.Model));
        var descriptor = ClassifierDescriptor.Load(folder);
        var logger = loggers.CreateLogger("DataGen.Stages.Spans.TokenClassifier");
        var model = new OnnxTokenClassifier(descriptor, options.Device, options.IntraOpThreads, logger);
        try
        {
            var identity = new ModelIdentity(descriptor.OnnxPath, FileHash.Sha256(descriptor.OnnxPath), IdentityKind);
            return new MicroBatchingSpanClassifier(model, identity, options, logger);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }
}
