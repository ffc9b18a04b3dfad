using Microsoft.Extensions.AI;

namespace DataGen.Stages.Llm.Onnx;

/// <summary>
/// Decodes requests together until each has stopped. Finished or cancelled rows leave the batch at once, and waiting
/// requests join the running batch between steps while there is room (continuous batching).
/// </summary>
internal sealed class BatchDecoder(OnnxCausalLm lm)
{
    private sealed record Row(GenerationRequest Request, TokenSampler Sampler, GeneratedText Text);

    private int _largestBatch;

    public bool UseCache { get; init; } = true;

    /// <summary>Most rows decoded together so far (observability and tests).</summary>
    public int LargestBatch => Volatile.Read(ref _largestBatch);

    /// <param name="requests">The requests to start with.</param>
    /// <param name="takeWaiting">Returns up to n queued requests without waiting (none: an empty list).</param>
    /// <param name="maxBatchSize">Most rows decoded together.</param>
    public void Run(IReadOnlyList<GenerationRequest> requests, Func<int, IReadOnlyList<GenerationRequest>> takeWaiting, int maxBatchSize)
    {
        var rows = new List<Row>();
        CausalLmBatch? batch = null;
        try
        {
            Admit(requests, rows, ref batch);
            while (true)
            {
                if (rows.Count < maxBatchSize)
                    Admit(takeWaiting(maxBatchSize - rows.Count), rows, ref batch);
                if (rows.Count == 0)
                    return;
                rows = Step(rows, batch!);
            }
        }
        catch (Exception ex)
        {
            foreach (var row in rows)
                row.Request.Fail(ex);
            throw;
        }
        finally
        {
            batch?.Dispose();
        }
    }

    private void Admit(IReadOnlyList<GenerationRequest> requests, List<Row> rows, ref CausalLmBatch? batch)
    {
        var admitted = new List<Row>();
        foreach (var request in requests)
        {
            if (request.CancellationToken.IsCancellationRequested)
                request.Fail(new OperationCanceledException(request.CancellationToken));
            else
                admitted.Add(new Row(request, new TokenSampler(request.Settings, lm.Descriptor), new GeneratedText(lm.Descriptor, request.Settings.StopSequences)));
        }
        if (admitted.Count == 0)
            return;
        // Rows join before the prefill so a failing prefill fails them too.
        rows.AddRange(admitted);
        var prompts = admitted.Select(r => r.Request.PromptTokens).ToList();
        if (batch is null)
            batch = lm.Start(prompts, UseCache);
        else
            batch.Add(prompts);
        if (rows.Count > _largestBatch)
            Volatile.Write(ref _largestBatch, rows.Count);
    }

    /// <summary>Samples one token per row, finishes rows that are done, appends the rest; returns the surviving rows.</summary>
    private List<Row> Step(List<Row> rows, CausalLmBatch batch)
    {
        var keep = new List<int>(rows.Count);
        var next = new List<int>(rows.Count);
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
            next.Add(token);
            keep.Add(i);
        }
        batch.Keep(keep);
        batch.Append(next.ToArray());
        return [.. keep.Select(i => rows[i])];
    }

    private static void Complete(GenerationRequest request, GeneratedText text, ChatFinishReason reason)
    {
        request.Emit(text.TakeRest());
        request.Finish(reason);
    }
}
