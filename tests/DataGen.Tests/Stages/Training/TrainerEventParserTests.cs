using DataGen.Stages.Training;

namespace DataGen.Tests.Stages.Training;

public sealed class TrainerEventParserTests
{
    [Theory]
    [InlineData("not json at all")]
    [InlineData("[1, 2]")]
    [InlineData("{\"phase\": \"sft\"}")]
    [InlineData("{\"event\": 3}")]
    public void Parse_LineThatIsNotAnEvent_ReturnsNullWithProblem(string line)
    {
        Assert.Null(TrainerEventParser.Parse(line, out var problem));
        Assert.False(string.IsNullOrEmpty(problem));
    }

    [Fact]
    public void Parse_StepWithNaNLoss_KeepsNaN()
    {
        var step = Assert.IsType<TrainerStepEvent>(TrainerEventParser.Parse(
            "{\"event\":\"step\",\"phase\":\"sft\",\"step\":3,\"total_steps\":9,\"epoch\":0,\"loss\":NaN,\"learning_rate\":0.001,\"elapsed_s\":1.5}", out _));
        Assert.Equal(("sft", 3L, 9L), (step.Phase, step.Step, step.TotalSteps));
        Assert.True(double.IsNaN(step.Loss));
        Assert.Null(step.RewardAccuracy);
    }

    [Fact]
    public void Parse_Start_ReadsSnakeCaseKeys()
    {
        var start = Assert.IsType<TrainerStartEvent>(TrainerEventParser.Parse(
            "{\"event\":\"start\",\"model_kind\":\"hf\",\"device\":\"cuda\",\"parameters\":2012345,\"sft_rows\":900,\"dpo_rows\":1200,\"resumed_from\":\"/r/c\"}", out _));
        Assert.Equal(new TrainerStartEvent("hf", "cuda", 2012345, 900, 1200, "/r/c"), start);
    }
}
