using DataGen.Schemas;

namespace DataGen.Stages.Spans;

/// <summary>Finds toxic character spans in a text. Implementations micro-batch concurrent calls.</summary>
public interface ISpanClassifier : IAsyncDisposable
{
    /// <summary>Model identity for the run manifest (path and file hash).</summary>
    ModelIdentity Identity { get; }

    ValueTask<SpanPrediction> ClassifyAsync(string text, CancellationToken cancellationToken);
}

/// <summary>Spans above threshold (merged, sorted) and the max token score over the whole text.</summary>
public sealed record SpanPrediction(IReadOnlyList<ToxicSpan> Spans, float MaxScore)
{
    public static readonly SpanPrediction Clean = new([], 0f);
    public bool IsToxic => Spans.Count > 0;
}

/// <summary>A model file as recorded in the manifest.</summary>
public sealed record ModelIdentity(string Path, string Sha256, string Kind);
