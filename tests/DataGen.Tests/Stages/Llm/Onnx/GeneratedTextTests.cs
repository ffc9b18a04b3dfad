using System.Text;
using DataGen.Stages.Llm.Onnx;

namespace DataGen.Tests.Stages.Llm.Onnx;

public sealed class GeneratedTextTests
{
    private static readonly CausalLmDescriptor Model = CausalLmDescriptor.Load(TinyLm.Folder);

    [Fact]
    public void MultiByteCharacter_IsHeldBackUntilComplete()
    {
        var text = new GeneratedText(Model, []);
        var bytes = Encoding.UTF8.GetBytes("é😀");
        var pieces = new List<string>();
        foreach (var b in bytes)
        {
            text.Add(b);
            pieces.Add(text.TakeReady());
        }
        Assert.Equal(["", "é", "", "", "", "😀"], pieces);
    }

    [Fact]
    public void UnfinishedCharacterAtTheEnd_IsDropped()
    {
        var text = new GeneratedText(Model, []);
        foreach (var b in Encoding.UTF8.GetBytes("ok").Append((byte)0xF0).Append((byte)0x9F))
            text.Add(b);
        Assert.Equal("ok", text.TakeReady() + text.TakeRest());
    }

    [Fact]
    public void Markers_AreWrittenAsTheirNames()
    {
        var text = new GeneratedText(Model, []);
        text.Add('a');
        text.Add(Model.SpecialTokens["[RESET]"]);
        text.Add('b');
        Assert.Equal("a[RESET]b", text.TakeReady());
    }

    [Fact]
    public void StopSequence_EndsTheTextBeforeIt_AndPossibleStartsAreHeldBack()
    {
        var text = new GeneratedText(Model, ["\nUser:"]);
        var streamed = new StringBuilder();
        var stopped = false;
        foreach (var ch in "Hi\nUs there\nUser: more")
        {
            stopped = text.Add(ch);
            var piece = text.TakeReady();
            Assert.DoesNotContain("\nUser", piece, StringComparison.Ordinal);
            streamed.Append(piece);
            if (stopped)
                break;
        }
        Assert.True(stopped);
        Assert.Equal("Hi\nUs there", streamed.ToString() + text.TakeRest());
    }

    [Fact]
    public void HeldBackPrefix_IsReleasedWhenGenerationEnds()
    {
        var text = new GeneratedText(Model, ["STOP"]);
        foreach (var ch in "abcST")
            text.Add(ch);
        Assert.Equal("abc", text.TakeReady());
        Assert.Equal("ST", text.TakeRest());
    }
}
