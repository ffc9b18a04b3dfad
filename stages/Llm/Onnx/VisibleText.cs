using System.Text;

namespace DataGen.Stages.Llm.Onnx;

/// <summary>
/// The text a user sees while the model backtracks: bytes are appended, [BACKTRACK_BY_k] drops the last k bytes (never
/// below empty), [RESET] clears, category markers are invisible. The visible output is kept as bytes, so a retraction
/// that cuts into a multi-byte character stays exact; stop sequences are matched against the visible bytes.
/// A backtrack is one retraction marker; a [BACKTRACK_BY_k] right after [BACKTRACK_BY_max] continues the same backtrack
/// (the contract's encoding of k above the largest marker).
/// </summary>
public sealed class VisibleText : IResponseText
{
    private static readonly Encoding Utf8 = new UTF8Encoding(false, false);

    private readonly MarkerTable _markers;
    private readonly int _maxBacktracks;
    private readonly byte[][] _stops;
    private readonly List<byte> _visible = [];
    private readonly List<List<byte>> _retracted = [];
    private int _lastToken = -1;
    private bool _taken;

    public VisibleText(MarkerTable markers, IReadOnlyList<string> stopSequences, int maxBacktracks)
    {
        ArgumentNullException.ThrowIfNull(markers);
        ArgumentOutOfRangeException.ThrowIfNegative(maxBacktracks);
        _markers = markers;
        _maxBacktracks = maxBacktracks;
        _stops = [.. stopSequences.Where(s => s.Length > 0).Select(Utf8.GetBytes)];
    }

    /// <summary>True once a stop sequence was found; the visible text then ends just before it.</summary>
    public bool Stopped { get; private set; }

    /// <summary>Backtracks applied so far.</summary>
    public int Backtracks { get; private set; }

    /// <summary>Tokens added so far (bytes and markers, retracted ones included; EOS is never added).</summary>
    public int TokensAdded { get; private set; }

    /// <summary>Visible bytes that form complete characters (an unfinished trailing character is not counted).</summary>
    public int TokensKept => _visible.Count - IncompleteTail();

    /// <summary>The visible text; an unfinished trailing character is left out, invalid bytes read as U+FFFD.</summary>
    public string Text => Utf8.GetString([.. _visible.Take(TokensKept)]);

    /// <summary>What each backtrack removed from the visible text, in text order (U+FFFD for a cut character).</summary>
    public IReadOnlyList<string> Retracted => [.. _retracted.Select(r => Utf8.GetString([.. r]))];

    /// <summary>Which markers the next token may be, given the cap.</summary>
    public MarkerMask Mask =>
        Backtracks < _maxBacktracks ? MarkerMask.All
        : _lastToken >= 0 && _lastToken == _markers.LargestBacktrackId ? MarkerMask.ContinuationOnly
        : MarkerMask.None;

    /// <summary>Adds one generated token (not EOS); returns true when it completed a stop sequence.</summary>
    public bool Add(int token)
    {
        if (Stopped)
            throw new InvalidOperationException("text already stopped");
        TokensAdded++;
        var continues = _lastToken >= 0 && _lastToken == _markers.LargestBacktrackId;
        _lastToken = token;
        if (token < 256)
        {
            _visible.Add((byte)token);
            Stopped = FindStop();
            return Stopped;
        }
        switch (_markers.Kind(token))
        {
            case MarkerKind.Reset:
                Retract(_visible.Count, continues: false);
                break;
            case MarkerKind.BacktrackBy:
                Retract(Math.Min(_markers.BacktrackCount(token), _visible.Count), continues);
                break;
        }
        return false;
    }

    private void Retract(int count, bool continues)
    {
        var removed = _visible.GetRange(_visible.Count - count, count);
        _visible.RemoveRange(_visible.Count - count, count);
        if (continues && _retracted.Count > 0)
            _retracted[^1].InsertRange(0, removed);
        else
        {
            _retracted.Add(removed);
            Backtracks++;
        }
    }

    private bool FindStop()
    {
        foreach (var stop in _stops)
        {
            if (stop.Length > _visible.Count)
                continue;
            var start = _visible.Count - stop.Length;
            var match = true;
            for (var i = 0; i < stop.Length && match; i++)
                match = _visible[start + i] == stop[i];
            if (match)
            {
                _visible.RemoveRange(start, stop.Length);
                return true;
            }
        }
        return false;
    }

    /// <summary>Bytes at the end that start a UTF-8 character not yet complete.</summary>
    private int IncompleteTail()
    {
        for (var back = 1; back <= Math.Min(4, _visible.Count); back++)
        {
            var b = _visible[^back];
            if ((b & 0xC0) == 0x80)
                continue;
            var length = b >= 0xF0 && b <= 0xF4 ? 4 : b >= 0xE0 && b < 0xF0 ? 3 : b >= 0xC2 && b < 0xE0 ? 2 : 1;
            return length > back ? back : 0;
        }
        return 0;
    }

    /// <summary>Nothing is streamed while the model may still retract it.</summary>
    public string TakeReady() => "";

    /// <summary>The whole visible text, once, when generation ends.</summary>
    public string TakeRest()
    {
        if (_taken)
            return "";
        _taken = true;
        return Text;
    }
}
