using System.Runtime.CompilerServices;
using DataGen.Schemas;

namespace DataGen.Stages.Sampling;

/// <summary>Turns a prompt into its samples_per_prompt sample requests (indices 0..N-1).</summary>
public sealed class SampleFanOut(int samplesPerPrompt) : IStage<PromptRecord, SampleRequest>
{
    private readonly int _samplesPerPrompt = samplesPerPrompt >= 1
        ? samplesPerPrompt
        : throw new ArgumentOutOfRangeException(nameof(samplesPerPrompt), samplesPerPrompt, "must be at least 1");

    public string Name => "sample_fanout";

    public async IAsyncEnumerable<SampleRequest> ProcessAsync(PromptRecord input, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        for (var i = 0; i < _samplesPerPrompt; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return new SampleRequest(input, i);
        }
        await Task.CompletedTask;
    }
}
