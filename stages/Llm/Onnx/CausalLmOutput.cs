using Microsoft.ML.OnnxRuntime;

namespace DataGen.Stages.Llm.Onnx;

/// <summary>One forward pass: logits [batch, seq, vocab] and the present cache; owns both.</summary>
public sealed class CausalLmOutput(OrtValue logits, KvCache present, int batch, int sequence, int vocab) : IDisposable
{
    public int Batch { get; } = batch;
    public int Sequence { get; } = sequence;
    public int Vocab { get; } = vocab;
    public KvCache Present { get; } = present;

    /// <summary>All logits, row-major [batch, seq, vocab].</summary>
    public ReadOnlySpan<float> Logits => logits.GetTensorDataAsSpan<float>();

    /// <summary>Logits of the last position of one row.</summary>
    public ReadOnlySpan<float> LastLogits(int row) => Logits.Slice(((row * Sequence) + Sequence - 1) * Vocab, Vocab);

    /// <summary>Releases the logits only; the caller keeps <see cref="Present"/> as the next step's past.</summary>
    public void DisposeLogits() => logits.Dispose();

    public void Dispose()
    {
        logits.Dispose();
        Present.Dispose();
    }
}
