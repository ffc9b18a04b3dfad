using System.Text;
using DataGen.Stages.Llm.Onnx;

namespace DataGen.Tests.Stages.Llm.Onnx;

public sealed class VisibleTextTests
{
    // A small marker set: [RESET]=300, [BACKTRACK_BY_1..3]=301..303 (3 is the largest), [TOXIC]=310.
    private static readonly MarkerTable Markers = new(new Dictionary<string, int>
    {
        ["[RESET]"] = 300, ["[BACKTRACK_BY_1]"] = 301, ["[BACKTRACK_BY_2]"] = 302, ["[BACKTRACK_BY_3]"] = 303, ["[TOXIC]"] = 310,
    });

    private const int Reset = 300, By1 = 301, By2 = 302, By3 = 303, Toxic = 310;

    private static VisibleText Feed(IEnumerable<int> tokens, int maxBacktracks = 10, params string[] stops)
    {
        var text = new VisibleText(Markers, stops, maxBacktracks);
        foreach (var token in tokens)
        {
            if (text.Add(token))
                break;
        }
        return text;
    }

    private static IEnumerable<int> Bytes(string s) => Encoding.UTF8.GetBytes(s).Select(b => (int)b);

    [Fact]
    public void BacktrackBy_DropsTheLastKBytes_AndRecordsWhatItRemoved()
    {
        var text = Feed([.. Bytes("hello bad"), Toxic, By3, .. Bytes("good")]);
        Assert.Equal("hello good", text.Text);
        Assert.Equal(1, text.Backtracks);
        Assert.Equal(["bad"], text.Retracted);
        Assert.Equal(15, text.TokensAdded);
        Assert.Equal(10, text.TokensKept);
    }

    [Fact]
    public void Reset_ClearsEverything_CategoryMarkerAloneIsInvisible()
    {
        var text = Feed([.. Bytes("abc"), Toxic, .. Bytes("de"), Reset, .. Bytes("ok")]);
        Assert.Equal("ok", text.Text);
        Assert.Equal(1, text.Backtracks);
        Assert.Equal(["abcde"], text.Retracted);
    }

    [Fact]
    public void BacktrackBeyondTheStart_StopsAtEmpty()
    {
        var text = Feed([.. Bytes("a"), By3, .. Bytes("b")]);
        Assert.Equal("b", text.Text);
        Assert.Equal(["a"], text.Retracted);
    }

    [Fact]
    public void BacktrackIntoAMultiByteCharacter_CountsBytes_AndTheCharacterCanBeCompletedAgain()
    {
        var euro = Encoding.UTF8.GetBytes("€"); // E2 82 AC
        var cut = Feed([.. Bytes("a€"), By1]);
        Assert.Equal("a", cut.Text);                 // E2 82 left: an unfinished character is not shown
        Assert.Equal(1, cut.TokensKept);
        Assert.Equal(["\uFFFD"], cut.Retracted);     // a lone continuation byte
        var completed = Feed([.. Bytes("a€"), By2, euro[1], euro[2]]);
        Assert.Equal("a€", completed.Text);
        Assert.Equal(4, completed.TokensKept);
    }

    [Fact]
    public void ChainAfterTheLargestMarker_IsOneBacktrack()
    {
        // k = 7 above the largest marker (3) is written 3, 3, 1.
        var text = Feed([.. Bytes("a1234567"), By3, By3, By1, .. Bytes("z")]);
        Assert.Equal("az", text.Text);
        Assert.Equal(1, text.Backtracks);
        Assert.Equal(["1234567"], text.Retracted);
    }

    [Fact]
    public void Cap_MasksMarkers_ExceptAContinuationAfterTheLargestMarker()
    {
        var text = new VisibleText(Markers, [], maxBacktracks: 2);
        Assert.Equal(MarkerMask.All, text.Mask);
        text.Add('x');
        text.Add(By1);
        Assert.Equal(MarkerMask.All, text.Mask);
        text.Add(By3);
        Assert.Equal(2, text.Backtracks);
        Assert.Equal(MarkerMask.ContinuationOnly, text.Mask);
        text.Add(By1);
        Assert.Equal(2, text.Backtracks);
        Assert.Equal(MarkerMask.None, text.Mask);
        Assert.Equal(MarkerMask.None, new VisibleText(Markers, [], maxBacktracks: 0).Mask);
    }

    [Fact]
    public void StopSequences_MatchTheVisibleText_NotRetractedBytes()
    {
        // "X" is retracted, so "XY" never shows; "aY" does.
        var notStopped = Feed([.. Bytes("aX"), By1, .. Bytes("Yb")], stops: ["XY"]);
        Assert.False(notStopped.Stopped);
        Assert.Equal("aYb", notStopped.Text);
        var stopped = Feed([.. Bytes("aX"), By1, .. Bytes("Yb")], stops: ["aY"]);
        Assert.True(stopped.Stopped);
        Assert.Equal("", stopped.Text);
    }

    [Fact]
    public void TextIsHandedOutOnceAtTheEnd()
    {
        var text = Feed(Bytes("abc"));
        Assert.Equal("", text.TakeReady());
        Assert.Equal("abc", text.TakeRest());
        Assert.Equal("", text.TakeRest());
    }
}
