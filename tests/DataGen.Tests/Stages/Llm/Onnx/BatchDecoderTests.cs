using DataGen.Stages.Llm.Onnx;
using Microsoft.Extensions.AI;

namespace DataGen.Tests.Stages.Llm.Onnx;

public sealed class BatchDecoderTests
{
    private static SamplingSettings Settings(long seed, int maxTokens) => new()
    {
        Temperature = 1f, Seed = seed, MaxNewTokens = maxTokens,
        LogitBias = new Dictionary<int, float> { [258] = -100f }, // no early EOS: lengths are known
    };

    [Fact]
    public void WaitingRequest_JoinsTheRunningBatch_AndGetsItsSoloText()
    {
        using var lm = TinyLm.Load();
        var decoder = new BatchDecoder(lm);
        GenerationRequest First() => new(OnnxCausalLmTests.Prompt(lm, "the first request is long"), Settings(1, 40), default);
        GenerationRequest Second() => new(OnnxCausalLmTests.Prompt(lm, "second"), Settings(2, 15), default);

        var soloFirst = First();
        var soloSecond = Second();
        decoder.Run([soloFirst], _ => [], 8);
        decoder.Run([soloSecond], _ => [], 8);
        Assert.Equal(1, decoder.LargestBatch);

        var first = First();
        var second = Second();
        var calls = 0;
        decoder.Run([first], _ => ++calls == 5 ? [second] : [], 8);

        Assert.Equal(2, decoder.LargestBatch);
        Assert.Equal(Drain(soloFirst), Drain(first));
        Assert.Equal(Drain(soloSecond), Drain(second));
        Assert.Equal((ChatFinishReason.Length, 15), (second.FinishReason, second.OutputTokens));
    }

    [Fact]
    public void CancelledRow_LeavesWithCancellation_OthersFinish()
    {
        using var lm = TinyLm.Load();
        var decoder = new BatchDecoder(lm);
        using var cancel = new CancellationTokenSource();
        var doomed = new GenerationRequest(OnnxCausalLmTests.Prompt(lm, "doomed"), Settings(1, 40), cancel.Token);
        var survivor = new GenerationRequest(OnnxCausalLmTests.Prompt(lm, "survivor"), Settings(2, 40), default);
        var calls = 0;
        decoder.Run([doomed, survivor], _ =>
        {
            if (++calls == 3)
                cancel.Cancel();
            return [];
        }, 8);
        Assert.ThrowsAny<OperationCanceledException>(() => Drain(doomed));
        Assert.True(doomed.OutputTokens < 40, $"cancelled row kept decoding ({doomed.OutputTokens} tokens)");
        Assert.Equal(40, survivor.OutputTokens);
        Assert.Equal(ChatFinishReason.Length, survivor.FinishReason);
    }

    private static string Drain(GenerationRequest request)
    {
        var text = "";
        while (request.Pieces.TryRead(out var piece))
            text += piece;
        Assert.True(request.Pieces.Completion.IsCompleted);
        request.Pieces.Completion.GetAwaiter().GetResult();
        return text;
    }
}
