namespace DataGen.Benchmarks;

/// <summary>Sizes of every benchmark: the full run for BENCHMARKS.md, or a tiny smoke run that only checks they work.</summary>
public sealed record BenchScale(bool Smoke)
{
    public int[] PipelineConcurrencies => Smoke ? [8] : [16, 64];
    public TimeSpan PipelineLatency => TimeSpan.FromMilliseconds(Smoke ? 20 : 100);
    public TimeSpan PipelineDuration => TimeSpan.FromSeconds(Smoke ? 2 : 15);
    public int ClassifierTexts => Smoke ? 128 : 2048;
    public int[] GenerationTokens => Smoke ? [8] : [64, 256];
    public int[] GenerationBatches => [1, 8];
    public int EmitRows => Smoke ? 2000 : 100_000;
    public int[] MemoryPrompts => Smoke ? [200, 2000] : [1000, 10_000, 100_000];
}
