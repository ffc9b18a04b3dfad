using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace DataGen.Stages.Prompts;

/// <summary>
/// The prompt ids seen so far with the line each was first seen on, for duplicate detection. Keeps 128 bits of the
/// id's SHA-256 instead of the string: 32 bytes per prompt instead of ~84 (issue 7: memory must stay flat with the prompt
/// count). Two different ids collide with probability about n^2 / 2^129 (1e-29 at a million prompts).
/// </summary>
public sealed class PromptIdSet
{
    private readonly Dictionary<UInt128, long> _firstLine = [];

    public int Count => _firstLine.Count;

    /// <summary>Adds the id; returns false with the line it was first seen on when it was already there.</summary>
    public bool TryAdd(string id, long line, out long firstLine)
    {
        var key = Key(id);
        if (_firstLine.TryGetValue(key, out firstLine))
            return false;
        _firstLine.Add(key, line);
        return true;
    }

    private static UInt128 Key(string id)
    {
        var length = Encoding.UTF8.GetMaxByteCount(id.Length);
        byte[]? rented = null;
        var buffer = length <= 512 ? stackalloc byte[512] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            var written = Encoding.UTF8.GetBytes(id, buffer);
            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(buffer[..written], hash);
            return new UInt128(BinaryPrimitives.ReadUInt64LittleEndian(hash), BinaryPrimitives.ReadUInt64LittleEndian(hash[8..]));
        }
        finally
        {
            if (rented is not null)
                ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
