using Microsoft.Extensions.AI;

namespace DataGen.Stages.Llm.Onnx;

/// <summary>Decodes a set of requests together until each has stopped; finished or cancelled rows leave the batch at once.</summary>
internal sealed class BatchDecoder(OnnxCausalLm lm)
{
    private sealed record Row(GenerationRequest Request, TokenSampler Sampler, GeneratedText Text);

    public bool UseCache { get; init; } = true;

    public void Run(IReadOnlyList<GenerationRequest> requests)
    {
        var rows = new List<Row>();
        foreach (var request in requests)
        {
            if (request.CancellationToken.IsCancellationRequested)
                request.Fail(new OperationCanceledException(request.CancellationToken));
            else
                rows.Add(new Row(request, new TokenSampler(request.Settings, lm.Descriptor), new GeneratedText(lm.Descriptor, request.Settings.StopSequences)));
        }
        if (rows.Count == 0)
            return;
        using var batch = lm.Start([.. rows.Select(r => r.Request.PromptTokens)], UseCache);
        var next = new int[rows.Count];
        while (rows.Count > 0)
        {
            var keep = new List<int>(rows.Count);
            for (var i = 0; i < rows.Count; i++)
            {
                var (request, sampler, text) = rows[i];
                if (request.CancellationToken.IsCancellationRequested)
                {
                    request.Fail(new OperationCanceledException(request.CancellationToken));
                    continue;
                }
                var token = sampler.Next(batch.LastLogits(i));
                request.OutputTokens++;
                if (token == lm.Descriptor.EosId || text.Add(token))
                {
                    Complete(request, text, ChatFinishReason.Stop);
                    continue;
                }
                request.Emit(text.TakeReady());
                if (request.OutputTokens >= request.Settings.MaxNewTokens || batch.Length(i) >= lm.Descriptor.MaxPositions)
                {
                    Complete(request, text, ChatFinishReason.Length);
                    continue;
                }
                next[keep.Count] = token;
                keep.Add(i);
            }
            if (keep.Count == 0)
                return;
            rows = [.. keep.Select(i => rows[i])];
            batch.Keep(keep);
            batch.Append(next.AsSpan(0, keep.Count));
        }
    }

    private static void Complete(GenerationRequest request, GeneratedText text, ChatFinishReason reason)
    {
        request.Emit(text.TakeRest());
        request.Finish(reason);
    }
}
