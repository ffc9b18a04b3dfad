using DataGen.Stages.Llm.Onnx;

namespace DataGen.Tests.Stages.Llm.Onnx;

public sealed class TokenSamplerTests
{
    private static readonly CausalLmDescriptor Model = CausalLmDescriptor.Load(TinyLm.Folder);

    [Fact]
    public void TemperatureZero_PicksTheLargestAllowedLogit()
    {
        var logits = Logits((65, 5f), (66, 3f));
        Assert.Equal(65, new TokenSampler(new SamplingSettings { Temperature = 0 }, Model).Next(logits));
    }

    [Fact]
    public void PadAndBos_AreNeverPicked_EvenWhenTheyDominate()
    {
        var logits = Logits((Model.PadId, 50f), (Model.BosId, 50f), (399, 50f), (70, 1f));
        var sampler = new TokenSampler(new SamplingSettings { Temperature = 0 }, Model);
        Assert.Equal(70, sampler.Next(logits));
        var hot = new TokenSampler(new SamplingSettings { Temperature = 1, Seed = 1 }, Model);
        for (var i = 0; i < 200; i++)
            Assert.DoesNotContain(hot.Next(logits), new[] { Model.PadId, Model.BosId, 399 });
    }

    [Fact]
    public void LogitBias_ShiftsTheChoice()
    {
        var logits = Logits((65, 5f));
        var settings = new SamplingSettings { Temperature = 0, LogitBias = new Dictionary<int, float> { [66] = 100f } };
        Assert.Equal(66, new TokenSampler(settings, Model).Next(logits));
    }

    [Fact]
    public void TopKOne_IsGreedyEvenAtHighTemperature()
    {
        var logits = Logits((65, 1f), (66, 0.9f), (67, 0.8f));
        var sampler = new TokenSampler(new SamplingSettings { Temperature = 5f, TopK = 1, Seed = 3 }, Model);
        for (var i = 0; i < 50; i++)
            Assert.Equal(65, sampler.Next(logits));
    }

    [Fact]
    public void TopP_KeepsOnlyTheNucleus()
    {
        // 65 and 66 hold almost all probability; the flat remainder falls outside a 0.9 nucleus.
        var logits = Logits((65, 10f), (66, 10f));
        var sampler = new TokenSampler(new SamplingSettings { Temperature = 1f, TopP = 0.9f, Seed = 5 }, Model);
        var seen = Enumerable.Range(0, 300).Select(_ => sampler.Next(logits)).ToHashSet();
        Assert.Equal(new HashSet<int> { 65, 66 }, seen);
    }

    [Fact]
    public void SameSeed_SameDraws_DifferentSeed_DifferentDraws()
    {
        var logits = new float[Model.VocabSize];
        Assert.Equal(Draws(1), Draws(1));
        Assert.NotEqual(Draws(1), Draws(2));

        int[] Draws(long seed)
        {
            var sampler = new TokenSampler(new SamplingSettings { Temperature = 1f, Seed = seed }, Model);
            return [.. Enumerable.Range(0, 30).Select(_ => sampler.Next(logits))];
        }
    }

    private static float[] Logits(params (int Id, float Value)[] set)
    {
        var logits = new float[Model.VocabSize];
        foreach (var (id, value) in set)
            logits[id] = value;
        return logits;
    }
}
