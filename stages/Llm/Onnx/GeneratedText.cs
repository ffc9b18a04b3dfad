using System.Text;

namespace DataGen.Stages.Llm.Onnx;

/// <summary>
/// Turns generated token ids into text: bytes through a UTF-8 decoder (an incomplete character is held back, and dropped
/// if generation ends inside it), markers as their names; finds stop sequences and holds back text that may start one.
/// </summary>
public sealed class GeneratedText : IResponseText
{
    private readonly Decoder _decoder = new UTF8Encoding(false, false).GetDecoder();
    private readonly Dictionary<int, string> _markerNames;
    private readonly IReadOnlyList<string> _stops;
    private readonly StringBuilder _text = new();
    private readonly char[] _chars = new char[4];
    private readonly byte[] _byte = new byte[1];
    private int _emitted;

    public GeneratedText(CausalLmDescriptor model, IReadOnlyList<string> stopSequences)
    {
        _markerNames = model.SpecialTokens.ToDictionary(p => p.Value, p => p.Key);
        _stops = [.. stopSequences.Where(s => s.Length > 0)];
    }

    /// <summary>True once a stop sequence was found; the text then ends just before it.</summary>
    public bool Stopped { get; private set; }

    /// <summary>All text so far that is final (not counting held-back characters).</summary>
    public string Text => _text.ToString(0, Stopped ? _text.Length : _text.Length - HeldBack());

    /// <summary>Adds one generated token (not EOS); returns true when it completed a stop sequence.</summary>
    public bool Add(int token)
    {
        if (Stopped)
            throw new InvalidOperationException("text already stopped");
        var before = _text.Length;
        if (token < 256)
        {
            _byte[0] = (byte)token;
            var n = _decoder.GetChars(_byte, 0, 1, _chars, 0, flush: false);
            _text.Append(_chars, 0, n);
        }
        else if (_markerNames.TryGetValue(token, out var name))
        {
            // A marker ends any unfinished character: its bytes become U+FFFD, as a decoder does for invalid input.
            var n = _decoder.GetChars([], 0, 0, _chars, 0, flush: true);
            _text.Append(_chars, 0, n).Append(name);
        }
        if (_text.Length > before && _stops.Count > 0)
            FindStop(Math.Max(_emitted, before - MaxStopLength() + 1));
        return Stopped;
    }

    /// <summary>Text that became final since the last call (for streaming).</summary>
    public string TakeReady()
    {
        var end = Stopped ? _text.Length : _text.Length - HeldBack();
        if (end <= _emitted)
            return "";
        var piece = _text.ToString(_emitted, end - _emitted);
        _emitted = end;
        return piece;
    }

    /// <summary>Ends generation: held-back stop-prefix text is final after all; an unfinished character is dropped.</summary>
    public string TakeRest()
    {
        var piece = _text.ToString(_emitted, _text.Length - _emitted);
        _emitted = _text.Length;
        return piece;
    }

    private void FindStop(int from)
    {
        var text = _text.ToString();
        var best = -1;
        foreach (var stop in _stops)
        {
            var index = text.IndexOf(stop, from, StringComparison.Ordinal);
            if (index >= 0 && (best < 0 || index < best))
                best = index;
        }
        if (best < 0)
            return;
        _text.Length = best;
        Stopped = true;
    }

    private int MaxStopLength() => _stops.Max(s => s.Length);

    /// <summary>Longest suffix of the text that is a proper prefix of a stop sequence.</summary>
    private int HeldBack()
    {
        var held = 0;
        foreach (var stop in _stops)
        {
            for (var k = Math.Min(stop.Length - 1, _text.Length - _emitted); k > held; k--)
            {
                if (EndsWith(stop.AsSpan(0, k)))
                {
                    held = k;
                    break;
                }
            }
        }
        return held;
    }

    private bool EndsWith(ReadOnlySpan<char> suffix)
    {
        var start = _text.Length - suffix.Length;
        for (var i = 0; i < suffix.Length; i++)
        {
            if (_text[start + i] != suffix[i])
                return false;
        }
        return true;
    }
}
