using DataGen.Schemas;
using DataGen.Stages.Emit;

namespace DataGen.Tests.Stages.Emit;

public sealed class MarkerFormatterTests
{
    private static readonly RewindPlan Plan = new("sentence", 4, 9, "abc ", "def X", " rest", 5, 7);

    [Fact]
    public void Backtrack_WritesBacktrackTokens() =>
        Assert.Equal("[BACKTRACK_BY_7]", new MarkerFormatter(new EmitOptions { Marker = "backtrack" }).For(Plan));

    [Fact]
    public void Reset_IgnoresDistance() =>
        Assert.Equal("[RESET]", new MarkerFormatter(new EmitOptions { Marker = "reset" }).For(Plan));

    [Fact]
    public void CategoryMarkerComesFirstWithoutSpace()
    {
        Assert.Equal("[TOXIC][BACKTRACK_BY_12]", new MarkerFormatter(new EmitOptions { CategoryMarker = "[TOXIC]" }).Format(12));
        Assert.Equal("[TOXIC][RESET]", new MarkerFormatter(new EmitOptions { Marker = "reset", CategoryMarker = "[TOXIC]" }).Format(12));
    }
}
