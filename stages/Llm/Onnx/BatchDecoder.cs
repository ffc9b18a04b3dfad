using Microsoft.Extensions.AI;

namespace DataGen.Stages.Llm.Onnx;

/// <summary>
/// Decodes requests together until each has stopped. Finished or cancelled rows leave the batch at once, and waiting
/// requests join the running batch between steps while there is room (continuous batching).
/// </summary>
internal sealed class BatchDecoder(OnnxCausalLm lm)
{
    private sealed class Row(GenerationRequest request, TokenSampler sampler, IResponseText text)
    {
        public GenerationRequest Request { get; } = request;
        public TokenSampler Sampler { get; } = sampler;
        public IResponseText Text { get; } = text;

        /// <summary>The marker mask last given to the sampler (backtracking rows only).</summary>
        public MarkerMask Mask { get; set; } = MarkerMask.All;
    }

    private readonly MarkerTable _markers = new(lm.Descriptor.SpecialTokens);

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
                admitted.Add(NewRow(request));
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

    private Row NewRow(GenerationRequest request)
    {
        var sampler = new TokenSampler(request.Settings, lm.Descriptor);
        if (request.Settings.Backtracking is not { } backtracking)
            return new Row(request, sampler, new GeneratedText(lm.Descriptor, request.Settings.StopSequences));
        var row = new Row(request, sampler, new VisibleText(_markers, request.Settings.StopSequences, backtracking.MaxBacktracks));
        ApplyMask(row);
        return row;
    }

    /// <summary>Keeps the sampler's marker mask in step with the backtrack cap.</summary>
    private void ApplyMask(Row row)
    {
        if (row.Text is not VisibleText visible || visible.Mask == row.Mask)
            return;
        row.Mask = visible.Mask;
        foreach (var id in _markers.Ids)
            row.Sampler.SetAllowed(id, row.Mask == MarkerMask.All);
        if (row.Mask == MarkerMask.ContinuationOnly)
        {
            foreach (var id in _markers.BacktrackIds)
                row.Sampler.SetAllowed(id, true);
        }
    }

    /// <summary>Samples one token per row, finishes rows that are done, appends the rest; returns the surviving rows.</summary>
    private List<Row> Step(List<Row> rows, CausalLmBatch batch)
    {
        var keep = new List<int>(rows.Count);
        var next = new List<int>(rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var (request, sampler, text) = (row.Request, row.Sampler, row.Text);
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
            ApplyMask(row);
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

    private static void Complete(GenerationRequest request, IResponseText text, ChatFinishReason reason)
    {
        request.Visible = text as VisibleText;
        request.Emit(text.TakeRest());
        request.Finish(reason);
    }
}
