using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace DataGen.Stages.Prompts;

/// <summary>
/// The prompt ids seen so far with the line each was first seen on, for duplicate detection. Keeps 64 bits of the id's
/// SHA-256 and an int line instead of the string: about 28 bytes per prompt instead of ~84 (issue 7: memory must stay
/// flat with the prompt count; a UInt128 key was tried and costs 52 bytes because of its 16-byte alignment). Two
/// different ids share a key with probability about n^2 / 2^65 (3e-10 at 100k prompts, 3e-6 at 10M); such a prompt
/// would be rejected as a duplicate, recorded in rejects like any other, never dropped silently.
/// </summary>
public sealed class PromptIdSet
{
    private readonly Dictionary<ulong, int> _firstLine = [];

    public int Count => _firstLine.Count;

    /// <summary>Adds the id; returns false with the line it was first seen on when it was already there.</summary>
    public bool TryAdd(string id, long line, out long firstLine)
    {
        var key = Key(id);
        if (_firstLine.TryGetValue(key, out var first))
        {
            firstLine = first;
            return false;
        }
        firstLine = 0;
        // Lines beyond int range (2 billion) are stored saturated: only the message's "first seen on line" is affected.
        _firstLine.Add(key, (int)Math.Min(line, int.MaxValue));
        return true;
    }

    private static ulong Key(string id)
    {
        var length = Encoding.UTF8.GetMaxByteCount(id.Length);
        byte[]? rented = null;
        var buffer = length <= 512 ? stackalloc byte[512] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            var written = Encoding.UTF8.GetBytes(id, buffer);
            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(buffer[..written], hash);
            return BinaryPrimitives.ReadUInt64LittleEndian(hash);
        }
        finally
        {
            if (rented is not null)
                ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
