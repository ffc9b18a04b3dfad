using System.Runtime.CompilerServices;

namespace DataGen.Stages.Prompts;

/// <summary>
/// Streams a file as byte lines (LF or CRLF) with bounded memory: a line longer than the limit is skipped to its end
/// and reported as TooLong, so one bad line never loads a huge file into memory.
/// </summary>
internal sealed class Utf8LineReader(Stream stream, int maxLineBytes)
{
    public async IAsyncEnumerable<PromptLine> ReadLinesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        var line = new MemoryStream();
        var tooLong = false;
        long number = 0;
        var first = true;
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
        {
            var start = 0;
            if (first)
            {
                first = false;
                // A UTF-8 byte order mark is not part of the first record.
                if (read >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF)
                    start = 3;
            }
            while (start < read)
            {
                var newline = Array.IndexOf(buffer, (byte)'\n', start, read - start);
                var end = newline < 0 ? read : newline;
                if (!tooLong)
                {
                    if (line.Length + (end - start) > maxLineBytes)
                    {
                        tooLong = true;
                        line.SetLength(0);
                    }
                    else
                    {
                        line.Write(buffer, start, end - start);
                    }
                }
                if (newline < 0)
                    break;
                yield return Complete(++number, line, tooLong);
                line = new MemoryStream();
                tooLong = false;
                start = newline + 1;
            }
        }
        if (line.Length > 0 || tooLong)
            yield return Complete(++number, line, tooLong);
    }

    private static PromptLine Complete(long number, MemoryStream line, bool tooLong)
    {
        if (tooLong)
            return new PromptLine(number, ReadOnlyMemory<byte>.Empty, true);
        var bytes = line.GetBuffer().AsMemory(0, (int)line.Length);
        if (bytes.Length > 0 && bytes.Span[^1] == (byte)'\r')
            bytes = bytes[..^1];
        return new PromptLine(number, bytes, false);
    }
}
